import { flowStarted } from '../../../src/payments/paymentFlowsSlice';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { BOOKINGS, bookingReply, setup, stopSagas } from './fixtures';

afterEach(stopSagas);

const SKEW_MS = 4_000;
const HOLD_MS = 8_000;

describe("deadlines follow the server's clock (issue 16)", () => {
  it.each([
    ['4 s fast', SKEW_MS],
    ['4 s slow', -SKEW_MS],
  ])(
    'a client clock %s still holds the slot for the server’s 8 s, never less',
    async (_name, skew) => {
      const server = createScriptedFetch(undefined, { clock: Date.now });
      server.script(BOOKINGS, bookingReply(Date.now() + HOLD_MS));
      const clientNow = () => Date.now() + skew;
      const { store } = setup({ now: clientNow }, server);

      const { payload } = store.dispatch(flowStarted(uniqueDraft()));
      const flow = await waitForStatus(store, payload.flowId, 'awaitingPayment');

      // Date is truncated to the second: the hold may end up to 1 s later, never earlier.
      const left = (flow.holdExpiresAt ?? 0) - clientNow();
      expect(left).toBeGreaterThan(HOLD_MS - 100);
      expect(left).toBeLessThanOrEqual(HOLD_MS + 1_000);
    },
  );
});
