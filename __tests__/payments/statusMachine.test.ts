import {
  canRetry,
  checkTransition,
  confirmNeverArrived,
  CRITICAL_STATUSES,
  FLOW_STATUSES,
  isCancellable,
  isTerminal,
  legalTargets,
  MAX_PAYMENT_ATTEMPTS,
  statusOnHoldExpiry,
  SERVER_PAYMENT_STATUSES,
  type FlowStatus,
  type TransitionSubject,
} from '../../src/payments/statusMachine';

const FINAL_STATUSES: readonly FlowStatus[] = ['succeeded', 'cancelled', 'expired'];
const SERVER_STATUSES = SERVER_PAYMENT_STATUSES;

/** A flow at its first attempt with no error: `failed` is then still retriable. */
function subject(
  status: FlowStatus,
  overrides: Partial<TransitionSubject> = {},
): TransitionSubject {
  return { status, attempt: 0, ...overrides };
}

function pairs(keep: (from: FlowStatus, to: FlowStatus) => boolean): [FlowStatus, FlowStatus][] {
  return FLOW_STATUSES.flatMap((from) =>
    FLOW_STATUSES.filter((to) => keep(from, to)).map((to): [FlowStatus, FlowStatus] => [from, to]),
  );
}

const isLegal = (from: FlowStatus, to: FlowStatus) => legalTargets(from).includes(to);
const legalPairs = pairs(isLegal);
const illegalPairs = pairs((from, to) => !isLegal(from, to));

/** Statuses reachable from `start` by following the table. */
function reachableFrom(start: FlowStatus): Set<FlowStatus> {
  const seen = new Set<FlowStatus>([start]);
  const queue = [start];
  for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
    for (const to of legalTargets(status)) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

describe('checkTransition', () => {
  test.each(legalPairs)('accepts the legal transition %s -> %s', (from, to) => {
    expect(checkTransition(subject(from), to)).toEqual({ ok: true });
  });

  test.each(illegalPairs)('refuses %s -> %s with a reason', (from, to) => {
    const reason = FINAL_STATUSES.includes(from)
      ? `${from} is terminal`
      : `${from} -> ${to} is not a legal transition`;
    expect(checkTransition(subject(from), to)).toEqual({ ok: false, reason });
  });

  describe('a terminal flow is never left', () => {
    const terminalSubjects: [string, TransitionSubject][] = [
      ...FINAL_STATUSES.map((status): [string, TransitionSubject] => [status, subject(status)]),
      ['failed, not retriable', subject('failed', { error: { retriable: false } })],
      [
        `failed, attempt ${MAX_PAYMENT_ATTEMPTS}`,
        subject('failed', { attempt: MAX_PAYMENT_ATTEMPTS, error: { retriable: true } }),
      ],
      [
        `failed, attempt ${MAX_PAYMENT_ATTEMPTS + 1}`,
        subject('failed', { attempt: MAX_PAYMENT_ATTEMPTS + 1 }),
      ],
    ];

    test.each(terminalSubjects)('%s refuses every target', (_label, flow) => {
      expect(isTerminal(flow)).toBe(true);
      for (const to of FLOW_STATUSES) {
        expect(checkTransition(flow, to)).toEqual({
          ok: false,
          reason: `${flow.status} is terminal`,
        });
      }
    });

    test('a retriable failure below the attempt limit may still move', () => {
      const flow = subject('failed', {
        attempt: MAX_PAYMENT_ATTEMPTS - 1,
        error: { retriable: true },
      });
      expect(isTerminal(flow)).toBe(false);
      for (const to of legalTargets('failed')) expect(checkTransition(flow, to).ok).toBe(true);
    });
  });
});

describe('the transition table', () => {
  test('final statuses have no targets and every other status has one', () => {
    for (const status of FLOW_STATUSES) {
      expect(legalTargets(status).length === 0).toBe(FINAL_STATUSES.includes(status));
    }
  });

  test('nothing returns to draft and no status targets itself', () => {
    for (const [from, to] of legalPairs) {
      expect(to).not.toBe('draft');
      expect(to).not.toBe(from);
    }
  });

  test('every status is reachable from draft', () => {
    expect([...reachableFrom('draft')].sort()).toEqual([...FLOW_STATUSES].sort());
  });

  test.each(FLOW_STATUSES.filter((status) => !FINAL_STATUSES.includes(status)))(
    '%s can still reach a final status',
    (status) => {
      const reachable = reachableFrom(status);
      expect(FINAL_STATUSES.some((final) => reachable.has(final))).toBe(true);
    },
  );

  test('a reconciling flow accepts any status the server reports', () => {
    for (const to of SERVER_STATUSES) expect(isLegal('reconciling', to)).toBe(true);
  });

  test.each(['confirmingPayment', 'processing'] as const)(
    'a payment in %s is never cancelled or expired by the client',
    (status) => {
      expect(isLegal(status, 'cancelled')).toBe(false);
      expect(isLegal(status, 'expired')).toBe(false);
    },
  );
});

describe('canRetry', () => {
  const failedCases: [string, boolean, TransitionSubject][] = [
    ['failed without an error', true, subject('failed')],
    ['failed, retriable', true, subject('failed', { error: { retriable: true } })],
    ['failed, not retriable', false, subject('failed', { error: { retriable: false } })],
    [
      'failed, one attempt left',
      true,
      subject('failed', { attempt: MAX_PAYMENT_ATTEMPTS - 1, error: { retriable: true } }),
    ],
    [
      'failed, every attempt used',
      false,
      subject('failed', { attempt: MAX_PAYMENT_ATTEMPTS, error: { retriable: true } }),
    ],
  ];
  const otherStatuses = FLOW_STATUSES.filter((status) => status !== 'failed').map(
    (status): [string, boolean, TransitionSubject] => [
      status,
      false,
      subject(status, { error: { retriable: true } }),
    ],
  );

  test.each([...failedCases, ...otherStatuses])('%s -> %s', (_label, expected, flow) => {
    expect(canRetry(flow)).toBe(expected);
  });

  test.each(failedCases)(
    '%s is terminal exactly when it cannot retry',
    (_label, retriable, flow) => {
      expect(isTerminal(flow)).toBe(!retriable);
    },
  );
});

describe('statusOnHoldExpiry', () => {
  const expected: Record<FlowStatus, FlowStatus | undefined> = {
    draft: undefined,
    creatingBooking: undefined,
    awaitingPayment: 'expired',
    confirmingPayment: 'reconciling',
    requiresAction: 'reconciling',
    processing: 'reconciling',
    succeeded: undefined,
    failed: 'expired',
    cancelled: undefined,
    expired: undefined,
    reconciling: undefined,
    cancelling: undefined,
  };

  test.each(FLOW_STATUSES)('%s', (status) => {
    expect(statusOnHoldExpiry(subject(status))).toBe(expected[status]);
  });

  test.each(FLOW_STATUSES.filter((status) => statusOnHoldExpiry(subject(status)) !== undefined))(
    'the target from %s is a legal transition',
    (status) => {
      const to = statusOnHoldExpiry(subject(status));
      expect(to !== undefined && isLegal(status, to)).toBe(true);
    },
  );

  test('a payment under way is reconciled, never expired', () => {
    for (const status of CRITICAL_STATUSES) {
      expect(statusOnHoldExpiry(subject(status))).toBe('reconciling');
    }
  });

  test('a failure that is final has no hold left to expire', () => {
    expect(
      statusOnHoldExpiry(subject('failed', { attempt: MAX_PAYMENT_ATTEMPTS })),
    ).toBeUndefined();
  });
});

describe('isCancellable', () => {
  const notCancellable: readonly FlowStatus[] = [
    'confirmingPayment',
    'processing',
    'cancelling',
    ...FINAL_STATUSES,
  ];

  test.each(FLOW_STATUSES)('%s', (status) => {
    expect(isCancellable(status)).toBe(!notCancellable.includes(status));
  });
});

describe('confirmNeverArrived', () => {
  const steps = (...path: FlowStatus[]) =>
    path.slice(1).map((to, index) => ({ from: path[index] as FlowStatus, to }));
  const flowAfter = (...path: FlowStatus[]) => ({
    ...subject(path.at(-1) as FlowStatus),
    history: steps(...path),
  });

  test('a confirm whose outcome was unknown, that the server still waits for', () => {
    expect(
      confirmNeverArrived(
        flowAfter('awaitingPayment', 'confirmingPayment', 'reconciling', 'awaitingPayment'),
      ),
    ).toBe(true);
  });

  test('not a booking whose answer was lost: nobody had pressed Pay', () => {
    expect(
      confirmNeverArrived(flowAfter('creatingBooking', 'reconciling', 'awaitingPayment')),
    ).toBe(false);
  });

  test('not once Pay is pressed again, nor after a retry of a decline', () => {
    expect(
      confirmNeverArrived(
        flowAfter('confirmingPayment', 'reconciling', 'awaitingPayment', 'confirmingPayment'),
      ),
    ).toBe(false);
    expect(confirmNeverArrived(flowAfter('confirmingPayment', 'failed', 'awaitingPayment'))).toBe(
      false,
    );
  });
});
