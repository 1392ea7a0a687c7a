/**
 * A host hands `flowStarted` its booking form's values as they are (TypeScript accepts a wider
 * object held in a variable). Whatever else that object carries (a card number and CVC the page
 * also asked for) must not reach the store, storage, another tab or the server: the reducer's
 * payload check lets it pass, so it must also keep only the draft's fields.
 */
import { flowStarted } from '../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../src/payments/selectors';
import type { BookingDraft } from '../../src/payments/types';
import { createMemoryStorage } from '../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { createScriptedFetch } from '../helpers/scriptedFetch';
import { BOOKINGS, STATUS, bookingReply } from '../payments/sagas/fixtures';
import {
  closeAllApps,
  rehydrated,
  startApp,
  storedFlow,
} from '../payments/persistence/persistenceHarness';

afterEach(closeAllApps);

const CARD_NUMBER = '4242424242424242';
const CVC = '737';

describe('card data a host leaves in the booking draft', () => {
  it('never reaches the store, storage or the server', async () => {
    const server = createScriptedFetch();
    server.script(BOOKINGS, bookingReply());
    server.otherwise(STATUS, { hang: true });
    const memory = createMemoryStorage();
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });
    await rehydrated(app);

    const form = { ...uniqueDraft(), cardNumber: CARD_NUMBER, cvc: CVC, holder: 'A. Person' };
    const draft: BookingDraft = form;
    const { flowId } = app.store.dispatch(flowStarted(draft)).payload;
    await waitForStatus(app.store, flowId, 'awaitingPayment');
    await memory.waitForWrite(() => storedFlow(memory, flowId)?.status === 'awaitingPayment');

    const inStore = JSON.stringify(selectFlowById(app.store.getState(), flowId));
    const written = memory.writes.map((write) => write.value).join('\n');
    const sent = JSON.stringify(server.requests);
    for (const text of [inStore, written, sent]) {
      expect(text).not.toContain(CARD_NUMBER);
      expect(text).not.toContain(CVC);
    }
  });
});
