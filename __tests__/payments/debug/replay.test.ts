/** @jest-environment node */
import type { Action, Middleware } from '@reduxjs/toolkit';
import type { DemoServer } from '../../../server/demoServer';
import type { PaymentsStoreOptions } from '../../../src/payments/createPaymentsStore';
import { replayActions } from '../../../src/payments/debug/replay';
import {
  flowStarted,
  paymentSubmitted,
  retryRequested,
} from '../../../src/payments/paymentFlowsSlice';
import { selectConnectionStatus } from '../../../src/payments/socket/connectionSlice';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import {
  uniqueDraft,
  waitForFlow,
  waitForStatus,
  type TestStore,
} from '../../helpers/paymentsTestStore';
import { challengeIdIn } from '../../server/demoServerHarness';
import { realtimeHarness } from '../../integration/realtimeHarness';

/**
 * Issue 12: the reducers are deterministic. Every action of whole runs of the real sagas
 * against the demo server (HTTP and socket.io) is recorded with the state after it, then
 * replayed into a fresh store without sagas: every intermediate state is the recorded one.
 */
const harness = realtimeHarness();
const session = () => ({ token: 'demo-token' });

interface Step {
  action: Action;
  state: unknown;
}

/** Every action as it leaves the reducers, with the state it made. */
function recording() {
  const steps: Step[] = [];
  const middleware: Middleware = (api) => (next) => (action) => {
    const result = next(action);
    steps.push({ action: action as Action, state: api.getState() });
    return result;
  };
  return { steps, middleware };
}

function connect(server: DemoServer, overrides: Partial<PaymentsStoreOptions> = {}) {
  const recorder = recording();
  const app = harness.connectStore(server, session(), {
    ...overrides,
    middleware: [recorder.middleware],
  });
  return { ...app, steps: recorder.steps };
}

function waitForConnected(store: TestStore, status = 'connected') {
  return new Promise<void>((resolve) => {
    const check = () => {
      if (selectConnectionStatus(store.getState()) !== status) return;
      unsubscribe();
      resolve();
    };
    const unsubscribe = store.subscribe(check);
    check();
  });
}

async function awaitingPayment(store: TestStore) {
  const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
  await waitForStatus(store, flowId, 'awaitingPayment');
  return flowId;
}

const pay = (store: TestStore, flowId: string, paymentMethodId: string) =>
  store.dispatch(paymentSubmitted({ flowId, paymentMethodId, at: Date.now() }));

/** redux-persist's bookkeeping is not the payments' state: the replay store has none. */
function paymentsStateOf(state: unknown): unknown {
  const rest = { ...(state as Record<string, unknown>) };
  delete rest._persist;
  return rest;
}

/** Replays the log as a report carries it (JSON) and compares every intermediate state. */
function expectReplayMatches(steps: readonly Step[]): void {
  const recorded = steps.slice();
  const actions = JSON.parse(JSON.stringify(recorded.map((step) => step.action))) as Action[];

  const replayed = replayActions(actions);

  expect(replayed).toHaveLength(recorded.length);
  recorded.forEach((step, index) => {
    const context = `after action #${index + 1} ${step.action.type}`;
    expect({ context, state: replayed[index]?.state }).toEqual({
      context,
      state: paymentsStateOf(step.state),
    });
  });
}

const types = (steps: readonly Step[]) => steps.map((step) => step.action.type);

describe('replaying recorded saga runs into a fresh store without sagas', () => {
  it('a happy path', async () => {
    const server = await harness.startServer();
    const app = connect(server);
    await waitForConnected(app.store);
    const flowId = await awaitingPayment(app.store);
    pay(app.store, flowId, 'pm_card_visa');
    await waitForStatus(app.store, flowId, 'succeeded');

    expect(types(app.steps)).toContain('connection/socketConnected');
    expectReplayMatches(app.steps);
  });

  it('a decline, then a retry with another card', async () => {
    const server = await harness.startServer();
    const app = connect(server);
    const flowId = await awaitingPayment(app.store);
    pay(app.store, flowId, 'pm_card_declined');
    await waitForStatus(app.store, flowId, 'failed');
    app.store.dispatch(retryRequested({ flowId, at: Date.now() }));
    await waitForStatus(app.store, flowId, 'awaitingPayment');
    pay(app.store, flowId, 'pm_card_visa');
    const flow = await waitForStatus(app.store, flowId, 'succeeded');

    expect(flow.attempt).toBe(2);
    expectReplayMatches(app.steps);
  });

  it('a 3-D Secure challenge answered at the bank', async () => {
    const server = await harness.startServer();
    const app = connect(server);
    await waitForConnected(app.store);
    const flowId = await awaitingPayment(app.store);
    pay(app.store, flowId, 'pm_card_3ds');
    const challenged = await waitForStatus(app.store, flowId, 'requiresAction');
    const answered = await fetch(`${server.url}/3ds/${challenged.paymentId ?? ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        challenge: challengeIdIn(challenged.nextAction?.url),
        outcome: 'approve',
      }).toString(),
      redirect: 'manual',
    });
    expect(answered.status).toBe(303);
    await waitForStatus(app.store, flowId, 'succeeded');

    expectReplayMatches(app.steps);
  });

  it('a socket drop and reconnect in the middle of a payment', async () => {
    const server = await harness.startServer({ processingDelayMs: 300 });
    const app = connect(server);
    await waitForConnected(app.store);
    const flowId = await awaitingPayment(app.store);
    pay(app.store, flowId, 'pm_card_visa');
    await waitForStatus(app.store, flowId, 'processing');
    await server.stopRealtime();
    await waitForConnected(app.store, 'reconnecting');
    await server.startRealtime();
    await waitForConnected(app.store);
    await waitForStatus(app.store, flowId, 'succeeded');

    expect(types(app.steps)).toEqual(
      expect.arrayContaining(['connection/socketDisconnected', 'connection/socketConnected']),
    );
    expectReplayMatches(app.steps);
  });

  it('a reload: the saved flow is rehydrated, resumed and paid', async () => {
    const server = await harness.startServer();
    const memory = createMemoryStorage();
    const storage = { storage: { storage: memory.storage, throttleMs: 5 } };
    const before = connect(server, storage);
    const flowId = await awaitingPayment(before.store);
    await before.close();
    expectReplayMatches(before.steps);

    const after = connect(server, storage);
    await waitForFlow(after.store, flowId, (flow) => flow.status === 'awaitingPayment');
    pay(after.store, flowId, 'pm_card_visa');
    await waitForStatus(after.store, flowId, 'succeeded');

    expect(types(after.steps)).toContain('persist/REHYDRATE');
    expectReplayMatches(after.steps);
  });
});
