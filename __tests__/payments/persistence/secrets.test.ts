import {
  flowStarted,
  paymentSubmitted,
  redirectRequested,
} from '../../../src/payments/paymentFlowsSlice';
import { selectFlowById } from '../../../src/payments/selectors';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { uniqueDraft, waitForStatus } from '../../helpers/paymentsTestStore';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { BOOKINGS, CONFIRM, STATUS, bookingReply, snapshotReply } from '../sagas/fixtures';
import { closeAllApps, rehydrated, startApp, storedFlow, STORAGE_KEY } from './persistenceHarness';

afterEach(closeAllApps);

const CARD_NUMBER = '4242424242424242';
const CLIENT_SECRET = 'pi_123_secret_abc';
const AUTH_TOKEN = 'tok_live_socket_secret';
const REDIRECT_URL = `https://acs.example/3ds?client_secret=${CLIENT_SECRET}`;
const SECRETS = [CARD_NUMBER, 'client_secret', CLIENT_SECRET, AUTH_TOKEN];

/** Fields a careless server might add; the client must not carry them to storage. */
const leaked = { client_secret: CLIENT_SECRET, card: { number: CARD_NUMBER, cvc: '123' } };

describe('storage never holds a secret', () => {
  it('after a flow reaches 3-D Secure with a client secret in its redirect URL', async () => {
    const server = createScriptedFetch();
    const booking = bookingReply();
    const { paymentId } = booking.body.payment;
    server.script(BOOKINGS, { status: 201, body: { ...booking.body, ...leaked } });
    server.script(
      CONFIRM,
      snapshotReply(paymentId, 'requiresAction', 2, {
        nextAction: { type: 'redirectToUrl', url: REDIRECT_URL },
        ...leaked,
      }),
    );
    server.otherwise(STATUS, { hang: true });
    const memory = createMemoryStorage();
    const navigate = jest.fn<undefined, [string]>();
    const app = startApp({
      memory,
      navigate,
      api: { baseUrl: server.baseUrl, fetch: server.fetch, getAuthToken: () => AUTH_TOKEN },
    });
    await rehydrated(app);
    const { flowId } = app.store.dispatch(
      flowStarted(uniqueDraft({ resourceId: 'meeting-room-a' })),
    ).payload;
    await waitForStatus(app.store, flowId, 'awaitingPayment');

    app.store.dispatch(
      paymentSubmitted({ flowId, paymentMethodId: 'pm_card_3ds', at: Date.now() }),
    );
    await waitForStatus(app.store, flowId, 'requiresAction');
    app.store.dispatch(redirectRequested({ flowId, at: Date.now() }));
    await memory.waitForWrite(() => storedFlow(memory, flowId)?.status === 'requiresAction');

    // The secret was in memory (the redirect needs it) and in the request (the token)...
    expect(selectFlowById(app.store.getState(), flowId)?.nextAction?.url).toBe(REDIRECT_URL);
    expect(server.requests[0]?.headers.Authorization).toBe(`Bearer ${AUTH_TOKEN}`);
    // ...and nowhere in storage: no key, no value, no write ever made.
    const everything = [...memory.keys(), ...memory.writes.map((write) => write.value)];
    expect(memory.keys()).toContain(STORAGE_KEY);
    for (const secret of SECRETS) {
      for (const text of everything) expect(text).not.toContain(secret);
    }
  });
});
