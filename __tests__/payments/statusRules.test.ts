import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  awaitsBooking,
  awaitsRedirect,
  canCancel,
  canRequestBooking,
  canSubmit,
  checkTransition,
  FLOW_STATUSES,
  holdCanExpire,
  isTerminal,
  legalTargets,
  MAX_PAYMENT_ATTEMPTS,
  onCrash,
  onStatusFeedLost,
  onTooOld,
  releasesOnEnd,
  retryTarget,
  statusFromServer,
  statusOnHoldExpiry,
  type FlowStatus,
  type FlowSubject,
} from '../../src/payments/statusMachine';

/**
 * Every shape of flow a rule can meet: each status, at the first and the last attempt, with a
 * retriable and a final error, with and without a booking and a payment.
 */
const subjects: FlowSubject[] = FLOW_STATUSES.flatMap((status) =>
  [0, MAX_PAYMENT_ATTEMPTS].flatMap((attempt) =>
    [true, false].flatMap((retriable) =>
      [false, true].map((linked) => ({
        status,
        attempt,
        error: { retriable },
        ...(linked ? { bookingId: 'bk_1', paymentId: 'pay_1' } : {}),
      })),
    ),
  ),
);

const describeSubject = (flow: FlowSubject) =>
  `${flow.status}, attempt ${flow.attempt}, retriable ${String(flow.error?.retriable)}, ${
    flow.bookingId ? 'linked' : 'unlinked'
  }`;

/** A rule's target must be a move the table allows from where the flow is. */
function expectLegal(rule: (flow: FlowSubject) => FlowStatus | undefined) {
  for (const flow of subjects) {
    const to = rule(flow);
    if (to === undefined || to === flow.status) continue;
    expect({ flow: describeSubject(flow), to, check: checkTransition(flow, to) }).toEqual({
      flow: describeSubject(flow),
      to,
      check: { ok: true },
    });
  }
}

describe('every status rule agrees with the transition table', () => {
  it.each([
    ['retryTarget', retryTarget],
    ['onCrash', onCrash],
    ['onTooOld', onTooOld],
    ['onStatusFeedLost', onStatusFeedLost],
    ['statusOnHoldExpiry', statusOnHoldExpiry],
  ] as const)('%s only ever names a legal move', (_name, rule) => {
    expectLegal(rule);
  });

  it('statusFromServer only ever names a legal move for every status the server reports', () => {
    for (const reported of FLOW_STATUSES) {
      expectLegal((flow) => {
        const to = statusFromServer(flow, reported);
        return checkTransition(flow, reported).ok ? to : undefined;
      });
    }
  });

  it('canCancel, canSubmit, canRequestBooking, awaitsBooking and awaitsRedirect allow only what the table allows', () => {
    for (const flow of subjects) {
      const terminal = isTerminal(flow);
      if (canCancel(flow)) expect(checkTransition(flow, 'cancelling')).toEqual({ ok: true });
      if (canSubmit(flow)) expect(checkTransition(flow, 'confirmingPayment')).toEqual({ ok: true });
      if (canRequestBooking(flow)) {
        expect(checkTransition(flow, 'creatingBooking')).toEqual({ ok: true });
      }
      if (awaitsBooking(flow)) expect(terminal).toBe(false);
      if (awaitsRedirect(flow)) expect(checkTransition(flow, 'failed')).toEqual({ ok: true });
    }
  });

  it('a payment that may be under way is never failed by a crash or by age', () => {
    for (const status of ['confirmingPayment', 'requiresAction', 'processing'] as const) {
      const flow = { status, attempt: 1, paymentId: 'pay_1', bookingId: 'bk_1' };
      expect(onCrash(flow)).toBe('reconciling');
      expect(onTooOld(flow)).toBe('reconciling');
    }
    expect(onCrash({ status: 'reconciling', attempt: 1 })).toBeUndefined();
  });

  it('canSubmit stops at the attempt cap', () => {
    expect(canSubmit({ status: 'awaitingPayment', attempt: MAX_PAYMENT_ATTEMPTS - 1 })).toBe(true);
    expect(canSubmit({ status: 'awaitingPayment', attempt: MAX_PAYMENT_ATTEMPTS })).toBe(false);
    expect(
      statusFromServer({ status: 'reconciling', attempt: MAX_PAYMENT_ATTEMPTS }, 'awaitingPayment'),
    ).toBe('failed');
  });

  it('a cancel under way is ended by money moving or an end, never by a failed payment', () => {
    const cancelling = { status: 'cancelling' as const, attempt: 1 };
    expect(statusFromServer(cancelling, 'failed')).toBe('cancelling');
    expect(statusFromServer(cancelling, 'awaitingPayment')).toBe('cancelling');
    expect(statusFromServer(cancelling, 'processing')).toBe('processing');
    expect(statusFromServer(cancelling, 'succeeded')).toBe('succeeded');
  });

  it('releasesOnEnd and holdCanExpire hold only for the statuses they name', () => {
    const releasing = subjects.filter(releasesOnEnd).map((flow) => flow.status);
    expect(new Set(releasing)).toEqual(new Set(['expired', 'failed']));
    for (const flow of subjects.filter(releasesOnEnd)) expect(isTerminal(flow)).toBe(true);
    const counting = new Set(subjects.filter(holdCanExpire).map((flow) => flow.status));
    expect(counting).toEqual(
      new Set(['awaitingPayment', 'confirmingPayment', 'requiresAction', 'failed']),
    );
  });
});

describe("the README's status table", () => {
  it('lists every status with exactly the moves the code allows', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('## The status machine');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const rows = section
      .split('\n')
      .filter((line) => /^\| `[a-zA-Z]+` /.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    const table = Object.fromEntries(
      rows.map((cells) => {
        const status = (cells[1] ?? '').replaceAll('`', '');
        // A note in parentheses explains a move; it is not part of the status's name.
        const moves = (cells[3] ?? '')
          .replace(/\s*\([^)]*\)/g, '')
          .split(',')
          .map((move) => move.trim())
          .filter((move) => move !== '—');
        return [status, moves.sort()];
      }),
    );
    const code = Object.fromEntries(
      FLOW_STATUSES.map((status) => [status, [...legalTargets(status)].sort()]),
    );
    expect(table).toEqual(code);
  });
});
