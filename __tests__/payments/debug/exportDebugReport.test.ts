import { configureStore, type Action } from '@reduxjs/toolkit';
import {
  bookingCreated,
  bookingRequested,
  createActionRecorder,
  DEBUG_REPORT_FORMAT,
  exportDebugReport,
  flowStarted,
  flowWatched,
  paymentFailed,
  paymentsReducer,
  paymentStatusesReceived,
  paymentSubmitted,
  retryRequested,
  selectFlowTimeline,
} from '../../../src/index';
import { PACKAGE_VERSION } from '../../../src/payments/debug/version';
import {
  socketConnectFailed,
  socketConnected,
  socketDisconnected,
} from '../../../src/payments/socket/connectionSlice';
import packageJson from '../../../package.json';
import { uniqueDraft } from '../../helpers/paymentsTestStore';

const CARD = '4242424242424242';
const CLIENT_SECRET = 'pi_123_secret_abc';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg.c2lnbmF0dXJl';
const THREE_DS_URL = `https://bank.example/3ds?client_secret=${CLIENT_SECRET}`;

/** A flow that went through 3-D Secure and a decline, with secrets wherever they can reach. */
function storeWithSecrets() {
  const recorder = createActionRecorder();
  const store = configureStore({
    reducer: paymentsReducer,
    middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(recorder.middleware),
  });
  const dispatch = (action: Action) => store.dispatch(action);
  const started = flowStarted(uniqueDraft(), 1_000);
  const { flowId } = started.payload;
  dispatch(started);
  dispatch(bookingRequested({ flowId, at: 1_001 }));
  dispatch(
    bookingCreated({
      flowId,
      at: 1_002,
      bookingId: 'bk_r',
      payment: { paymentId: 'pay_r', seq: 1 },
    }),
  );
  dispatch(paymentSubmitted({ flowId, at: 1_003, paymentMethodId: 'pm_card_visa' }));
  dispatch(
    paymentStatusesReceived({
      at: 1_004,
      updates: [
        {
          paymentId: 'pay_r',
          status: 'requiresAction',
          seq: 2,
          occurredAt: 1_004,
          nextAction: { type: 'redirectToUrl', url: THREE_DS_URL },
        },
      ],
    }),
  );
  dispatch(
    paymentFailed({
      flowId,
      at: 1_005,
      error: {
        code: 'card_declined',
        message: `card ${CARD} declined for ${CLIENT_SECRET} (Authorization: Bearer ${TOKEN})`,
        retriable: true,
      },
    }),
  );
  dispatch(socketConnected({ at: 1_006 }));
  dispatch(socketConnectFailed({ message: `unauthorized: Bearer ${TOKEN}`, at: 1_007 }));
  dispatch(flowWatched({ flowId }));
  // A host action in the log, as a recorder sees every action of the store.
  dispatch({
    type: 'host/sessionRefreshed',
    payload: { token: TOKEN, clientSecret: CLIENT_SECRET },
  } as Action);
  return { store, flowId, recorder };
}

describe('exportDebugReport', () => {
  it('holds the flow, its timeline, the connection, the flow’s diagnostics and the version', () => {
    const { store, flowId } = storeWithSecrets();
    store.dispatch(retryRequested({ flowId: 'another-flow', at: 1_007 }));

    const report = exportDebugReport(store.getState(), flowId, {
      exportedAt: Date.UTC(2027, 0, 1),
    });

    expect(report).toMatchObject({
      format: DEBUG_REPORT_FORMAT,
      version: packageJson.version,
      exportedAt: '2027-01-01T00:00:00.000Z',
      flowId,
      flow: { flowId, status: 'failed', attempt: 1, serverSeq: 2, bookingId: 'bk_r' },
      connection: {
        status: 'connected',
        reconnectAttempt: 0,
        lastConnectedAt: 1_006,
        watchersOfFlow: 1,
      },
      diagnostics: { illegalTransitions: 0, staleUpdatesIgnored: 0 },
    });
    expect(report.timeline.map(({ from, to }) => `${from}->${to}`)).toEqual([
      'draft->creatingBooking',
      'creatingBooking->awaitingPayment',
      'awaitingPayment->confirmingPayment',
      'confirmingPayment->requiresAction',
      'requiresAction->failed',
    ]);
    expect(report.timeline).toEqual(selectFlowTimeline(store.getState(), flowId));
    expect(report.connection.history.map(({ event, at }) => [event, at])).toEqual([
      ['connected', 1_006],
      ['connectFailed', 1_007],
    ]);
    expect(report.connection.history[1]?.reason).toMatch(/^unauthorized: /);
    expect(report.actions).toBeUndefined();
  });

  it('keeps the socket’s last 20 changes, oldest first', () => {
    const { store, flowId } = storeWithSecrets();
    for (let at = 2_000; at < 2_030; at += 1) {
      store.dispatch(
        at % 2 === 0 ? socketDisconnected({ reason: 'ping timeout', at }) : socketConnected({ at }),
      );
    }

    const { history } = exportDebugReport(store.getState(), flowId, { exportedAt: 0 }).connection;

    expect(history).toHaveLength(20);
    expect(history[0]).toEqual({ event: 'reconnecting', at: 2_010, reason: 'ping timeout' });
    expect(history.at(-1)).toEqual({ event: 'connected', at: 2_029 });
  });

  it('keeps only this flow’s warnings, and says when the store has no such flow', () => {
    const { store, flowId } = storeWithSecrets();
    store.dispatch(retryRequested({ flowId, at: 1_007 }));
    store.dispatch(paymentSubmitted({ flowId, at: 1_008, paymentMethodId: 'pm_card_visa' }));
    store.dispatch(paymentSubmitted({ flowId, at: 1_009, paymentMethodId: 'pm_card_visa' }));
    const other = store.dispatch(flowStarted(uniqueDraft(), 1_010)).payload.flowId;
    store.dispatch(retryRequested({ flowId: other, at: 1_011 }));

    const report = exportDebugReport(store.getState(), flowId, { exportedAt: 0 });

    expect(report.diagnostics.warnings).toEqual([
      { flowId, message: 'paymentSubmitted ignored in confirmingPayment', at: 1_009 },
    ]);
    expect(exportDebugReport(store.getState(), 'gone', { exportedAt: 0 })).toMatchObject({
      flow: null,
      timeline: [],
    });
  });

  it('never contains a card number, a client secret (also in a URL query) or a bearer token', () => {
    const { store, flowId, recorder } = storeWithSecrets();
    const state = store.getState();
    // The secrets are really in the state and the log: the report is what removes them.
    expect(JSON.stringify(state)).toContain(CLIENT_SECRET);
    expect(JSON.stringify(recorder.actions())).toContain(TOKEN);
    const report = exportDebugReport(state, flowId, { actions: recorder.actions() });
    const json = JSON.stringify(report);

    expect(json).not.toContain(CARD);
    expect(json).not.toContain(CLIENT_SECRET);
    expect(json).not.toContain(TOKEN);
    // What is left is still useful: the redirect's path, the error code, every action type.
    expect(json).toContain('https://bank.example/3ds');
    expect(report.flow?.error?.code).toBe('card_declined');
    expect(report.actions?.map((action) => action.type)).toEqual(
      recorder.actions().map((action) => action.type),
    );
  });

  it('is plain JSON: parsing its text gives the same report', () => {
    const { store, flowId, recorder } = storeWithSecrets();

    const report = exportDebugReport(store.getState(), flowId, {
      actions: recorder.actions(),
      exportedAt: 5,
    });

    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('writes the version of package.json', () => {
    expect(PACKAGE_VERSION).toBe(packageJson.version);
  });
});

describe('createActionRecorder', () => {
  it('keeps the last `limit` actions in dispatch order, and says it dropped some', () => {
    const recorder = createActionRecorder({ limit: 2 });
    const store = configureStore({
      reducer: paymentsReducer,
      middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(recorder.middleware),
    });
    store.dispatch(flowWatched({ flowId: 'a' }));
    expect(recorder.truncated()).toBe(false);
    store.dispatch(flowWatched({ flowId: 'b' }));
    store.dispatch(flowWatched({ flowId: 'c' }));

    expect(recorder.actions()).toEqual([
      flowWatched({ flowId: 'b' }),
      flowWatched({ flowId: 'c' }),
    ]);
    expect(recorder.truncated()).toBe(true);
    const report = exportDebugReport(store.getState(), 'c', {
      actions: recorder.actions(),
      actionsTruncated: recorder.truncated(),
    });
    expect(report.actionsTruncated).toBe(true);
  });
});
