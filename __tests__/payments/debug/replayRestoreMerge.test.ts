import { createActionRecorder } from '../../../src/payments/debug/actionRecorder';
import { exportDebugReport } from '../../../src/payments/debug/exportDebugReport';
import { actionsOfReport, replayActions, replayReport } from '../../../src/payments/debug/replay';
import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { waitForStatus, uniqueDraft } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, bookingReply } from '../sagas/fixtures';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedValue,
} from '../persistence/persistenceHarness';

afterEach(closeAllApps);

describe('replaying a debug report of a flow started before the saved flows were back', () => {
  it('replays the state the store was in: the flow confirmed before REHYDRATE is not dropped', async () => {
    // The README's own example: flowStarted right after createPaymentsStore, storage holding a flow.
    const saved = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_saved',
      paymentId: 'pay_saved',
      serverSeq: 1,
      holdExpiresAt: Date.now() + 60_000,
    });
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([saved]) });
    const recorder = createActionRecorder();
    const app = startApp({
      memory,
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
      middleware: [recorder.middleware],
    });
    const { flowId } = app.store.dispatch(flowStarted(uniqueDraft())).payload;
    await rehydrated(app);
    await waitForStatus(app.store, flowId, 'awaitingPayment');

    const report = JSON.parse(
      JSON.stringify(
        exportDebugReport(app.store.getState(), flowId, { actions: recorder.actions() }),
      ),
    ) as unknown;
    const steps = replayActions(actionsOfReport(report).actions);
    const last = steps.at(-1)?.state;

    // Live, the flow is awaiting payment; the replay must say the same.
    expect(selectFlowById(app.store.getState(), flowId)?.status).toBe('awaitingPayment');
    expect(last && selectFlowById(last, flowId)?.status).toBe('awaitingPayment');
    expect(replayReport(report).join('\n')).not.toContain('-> (gone)');
  });
});
