/** @jest-environment node */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { configureStore } from '@reduxjs/toolkit';
import {
  bookingCreated,
  bookingRequested,
  createActionRecorder,
  exportDebugReport,
  flowStarted,
  paymentsReducer,
  paymentStatusesReceived,
  paymentSubmitted,
  replayReport,
} from '../../../src/index';

const run = promisify(execFile);

/** A report as a user would attach it: a 3-D Secure payment, its log recorded from the start. */
function fixtureReport() {
  const recorder = createActionRecorder();
  const store = configureStore({
    reducer: paymentsReducer,
    middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(recorder.middleware),
  });
  const flowId = 'flow-replay-1';
  const booking = {
    resourceId: 'room-r',
    start: 0,
    durationMinutes: 60,
    bookingType: 'FIRM',
  } as const;
  store.dispatch({ ...flowStarted(booking, 1), payload: { flowId, booking, at: 1 } });
  store.dispatch(flowStarted({ ...booking, resourceId: 'room-other' }, 1));
  store.dispatch(bookingRequested({ flowId, at: 2 }));
  store.dispatch(
    bookingCreated({ flowId, at: 3, bookingId: 'bk_1', payment: { paymentId: 'pay_1', seq: 1 } }),
  );
  store.dispatch(paymentSubmitted({ flowId, at: 4, paymentMethodId: 'pm_card_3ds' }));
  const url = 'https://bank.example/3ds?client_secret=pi_123_secret_abc';
  const update = (status: 'requiresAction' | 'succeeded', seq: number) => ({
    paymentId: 'pay_1',
    status,
    seq,
    occurredAt: 5,
    ...(status === 'requiresAction' ? { nextAction: { type: 'redirectToUrl' as const, url } } : {}),
  });
  store.dispatch(paymentStatusesReceived({ at: 5, updates: [update('requiresAction', 2)] }));
  store.dispatch(paymentStatusesReceived({ at: 6, updates: [update('succeeded', 3)] }));
  const report = exportDebugReport(store.getState(), flowId, {
    actions: recorder.actions(),
    exportedAt: 7,
  });
  return { flowId, report: JSON.parse(JSON.stringify(report)) as unknown };
}

const EXPECTED = (flowId: string) => [
  `replaying 7 actions for flow ${flowId}`,
  '#1 paymentFlows/flowStarted',
  `    flow ${flowId}: (none) -> draft`,
  '#2 paymentFlows/flowStarted',
  '#3 paymentFlows/bookingRequested',
  `    flow ${flowId}: draft -> creatingBooking`,
  '#4 paymentFlows/bookingCreated',
  `    flow ${flowId}: creatingBooking -> awaitingPayment`,
  '#5 paymentFlows/paymentSubmitted',
  `    flow ${flowId}: awaitingPayment -> confirmingPayment`,
  '#6 paymentFlows/paymentStatusesReceived',
  `    flow ${flowId}: confirmingPayment -> requiresAction`,
  '#7 paymentFlows/paymentStatusesReceived',
  `    flow ${flowId}: requiresAction -> succeeded`,
];

describe('npm run replay', () => {
  it('prints each action and the report’s flow’s status changes, one line each', () => {
    const { flowId, report } = fixtureReport();

    expect(replayReport(report)).toEqual(EXPECTED(flowId));
  });

  it('refuses a file that is not a report, or a report without its actions', () => {
    const { report } = fixtureReport();
    const withoutActions = { ...(report as Record<string, unknown>), actions: undefined };

    expect(() => replayReport({ hello: 'world' })).toThrow(/not a payment-flows debug report/);
    expect(() => replayReport(withoutActions)).toThrow(/no recorded actions/);
  });

  it('runs as a script on a report file', async () => {
    const { flowId, report } = fixtureReport();
    const path = join(mkdtempSync(join(tmpdir(), 'replay-')), 'report.json');
    writeFileSync(path, JSON.stringify(report));

    const { stdout } = await run('npx', ['tsx', 'scripts/replay.ts', path], {
      cwd: join(__dirname, '../../..'),
    });

    expect(stdout.trimEnd().split('\n')).toEqual(EXPECTED(flowId));
  });
});
