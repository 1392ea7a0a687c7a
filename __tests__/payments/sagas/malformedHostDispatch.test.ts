/**
 * SECURITY.md: "Every paymentFlows action is checked against its payload schema in the reducer
 * itself, so a malformed dispatch (a host, the DevTools dispatcher) is refused with a warning
 * instead of corrupting a flow." The reducer does refuse it, but the sagas' action pass reads the
 * same payload unchecked: the flows saga throws, every flow task is cancelled (a confirm in flight
 * is aborted) and the saga restarts.
 */
import type { UnknownAction } from '@reduxjs/toolkit';
import { createLogger } from '../../../src/payments/logger';
import { flowStarted, paymentSubmitted } from '../../../src/payments/paymentFlowsSlice';
import { selectFlowDiagnostics } from '../../../src/payments/selectors';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { observe } from '../persistence/persistenceHarness';
import { BOOKINGS, CONFIRM, bookingReply, setup, stopSagas } from './fixtures';

afterEach(stopSagas);

describe.each<[string, UnknownAction]>([
  [
    'paymentStatusesReceived without updates',
    { type: 'paymentFlows/paymentStatusesReceived', payload: {} },
  ],
  [
    'subscriptionsRefused with bookingIds null',
    { type: 'paymentFlows/subscriptionsRefused', payload: { bookingIds: null, at: 1 } },
  ],
  [
    'flowsRetired with a number',
    { type: 'paymentFlows/flowsRetired', payload: { flowIds: 5, at: 1 } },
  ],
  ['flowsMirrored without a payload', { type: 'paymentFlows/flowsMirrored' }],
  ['flowStarted without a payload', { type: 'paymentFlows/flowStarted' }],
  ['drivingLost without a payload', { type: 'paymentFlows/drivingLost' }],
  ['redirectRequested without a payload', { type: 'paymentFlows/redirectRequested' }],
])('a host dispatches %s', (_name, bad) => {
  it('is refused with a warning; no saga fails and the confirm in flight goes on', async () => {
    const errors: string[] = [];
    const logger = createLogger({
      sink: (level, message) => {
        if (level === 'error') errors.push(message);
      },
    });
    const server = createScriptedFetch();
    const { api, waitForRequest } = observe(server);
    const { store } = setup({ logger, api }, server);
    server.script(BOOKINGS, bookingReply());
    server.script(CONFIRM, { hang: true });
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(store, flowId, 'awaitingPayment');
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    const confirm = await waitForRequest(CONFIRM);

    // The sagas take an action within its dispatch: a saga that fails on it has failed (and
    // logged, and cancelled its tasks) by the time dispatch returns.
    store.dispatch(bad);

    if (!/driving|redirect/.test(bad.type)) {
      expect(selectFlowDiagnostics(store.getState()).warnings.at(-1)?.message).toContain(
        'malformed payload ignored',
      );
    }
    expect(errors).toEqual([]);
    expect(confirm.signal?.aborted).toBe(false);
    expect(server.requestsTo(CONFIRM)).toHaveLength(1);
  });
});
