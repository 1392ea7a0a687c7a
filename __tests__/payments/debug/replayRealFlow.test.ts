import { createActionRecorder } from '../../../src/payments/debug/actionRecorder';
import { exportDebugReport } from '../../../src/payments/debug/exportDebugReport';
import { actionsOfReport, replayActions, replayReport } from '../../../src/payments/debug/replay';
import { selectFlowTimeline } from '../../../src/payments/debug/selectFlowTimeline';
import {
  flowStarted,
  paymentSubmitted,
  retryRequested,
} from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { socketConnected, socketDisconnected } from '../../../src/payments/socket/connectionSlice';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, CONFIRM, bookingReply, snapshotReply } from '../sagas/fixtures';
import { closeAllApps, rehydrated, reload, startApp } from '../persistence/persistenceHarness';

afterEach(closeAllApps);

const base = { format: 'payment-flows/debug-report', flowId: 'f1' };

describe('replaying a report of a real flow: decline, retry, reconnect, reload', () => {
  it('after the reload, the replay has the same flow and timeline as the live store', async () => {
    const server = createScriptedFetch();
    const reply = bookingReply();
    const { paymentId } = reply.body.payment;
    server.script(BOOKINGS, reply);
    const memory = createMemoryStorage();
    const api = { baseUrl: server.baseUrl, fetch: server.fetch };
    const first = startApp({ memory, api });
    await rehydrated(first);
    const { flowId } = first.store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(first.store, flowId, 'awaitingPayment');
    const failure = { code: 'card_declined', message: 'Your card was declined.', retriable: true };
    server.script(CONFIRM, snapshotReply(paymentId, 'failed', 2, { failure }));
    first.store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_x', at: Date.now() }));
    await waitForStatus(first.store, flowId, 'failed');
    first.store.dispatch(retryRequested({ flowId, at: Date.now() }));
    await waitForStatus(first.store, flowId, 'awaitingPayment');
    first.store.dispatch(socketDisconnected({ reason: 'ping timeout', at: Date.now() }));
    first.store.dispatch(socketConnected({ at: Date.now() }));

    const recorder = createActionRecorder();
    const second = await reload(first, { memory, api, middleware: [recorder.middleware] });
    await rehydrated(second);
    const live = second.store.getState();
    const report = JSON.parse(
      JSON.stringify(exportDebugReport(live, flowId, { actions: recorder.actions() })),
    ) as unknown;
    const replayed = replayActions(actionsOfReport(report).actions).at(-1)?.state;

    expect(recorder.actions().map((action) => action.type)).toContain('persist/REHYDRATE');
    expect(selectFlowTimeline(live, flowId)).toHaveLength(5);
    expect(replayed && selectFlowTimeline(replayed, flowId)).toEqual(
      selectFlowTimeline(live, flowId),
    );
    expect(replayed && selectFlowById(replayed, flowId)).toEqual(selectFlowById(live, flowId));
  });
});

describe('replaying a report edited by hand', () => {
  it.each(['toString', 'hasOwnProperty', 'valueOf', '__proto__', 'constructor'])(
    'refuses an action typed %s, a name every object has, before running anything',
    (type) => {
      expect(() => replayReport({ ...base, actions: [{ type }] })).toThrow(
        /action #1 has the type .* no action has/,
      );
    },
  );

  it('refuses a REHYDRATE whose flows are not flows, naming the action', () => {
    const actions = [
      { type: 'persist/REHYDRATE', key: 'payment-flows', payload: { paymentFlows: { flows: 5 } } },
    ];

    expect(() => replayReport({ ...base, actions })).toThrow(
      /action #1 \(persist\/REHYDRATE\) could not be replayed/,
    );
  });
});
