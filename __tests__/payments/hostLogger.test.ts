/**
 * README, option `logger`: "every line passes the redactor". SECURITY.md: anything secret-looking
 * is kept out of logs (messages and context) by the one redactor. Only `createLogger` redacts: a
 * host's own logger passed as `logger` gets every message and context as they are.
 */
import type { Logger } from '../../src/payments/logger';
import { flowStarted, paymentSubmitted } from '../../src/payments/paymentFlowsSlice';
import { uniqueDraft, waitForStatus } from '../helpers/paymentsTestStore';
import { BOOKINGS, bookingReply, CONFIRM, setup, snapshotReply, stopSagas } from './sagas/fixtures';

afterEach(stopSagas);

describe('a host logger passed as `logger`', () => {
  it('gets lines that passed the redactor: no client secret from a server message', async () => {
    const lines: string[] = [];
    const record =
      (level: string) =>
      (message: string, context?: Record<string, unknown>): void => {
        lines.push(`${level} ${message} ${JSON.stringify(context)}`);
      };
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const { store, server } = setup({ logger });
    const reply = bookingReply();
    server.script(BOOKINGS, reply);
    server.script(
      CONFIRM,
      snapshotReply(reply.body.payment.paymentId, 'failed', 2, {
        failure: {
          code: 'card_declined',
          message: 'Declined for pi_3Abc_secret_Zyx9 (Bearer eyJhbGciOi.abc.def)',
          retriable: true,
        },
      }),
    );
    const { flowId } = store.dispatch(flowStarted(uniqueDraft())).payload;
    await waitForStatus(store, flowId, 'awaitingPayment');
    store.dispatch(paymentSubmitted({ flowId, paymentMethodId: 'pm_card_visa', at: Date.now() }));
    await waitForStatus(store, flowId, 'failed');

    const log = lines.join('\n');
    expect(log).toContain('-> failed');
    expect(log).not.toContain('pi_3Abc_secret_Zyx9');
    expect(log).not.toContain('eyJhbGciOi');
  });
});
