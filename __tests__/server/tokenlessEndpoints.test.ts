/** @jest-environment node */
import type { FaultSettings } from '../../server/faults';
import type { PaymentSnapshot } from '../../server/wireTypes';
import {
  bearer,
  challengeIdIn,
  confirm,
  createFirmBooking,
  demoServersClosedAfterEach,
  post,
} from './demoServerHarness';

const startServer = demoServersClosedAfterEach();

/**
 * docs/PROTOCOL.md: the 3-D Secure answer "needs no bearer token: its credential is the
 * challenge id" (errors 400, 404, 409, 429), and "the fault endpoints take no bearer token".
 * A stale token left in a header must not turn either into a 401.
 */
describe('endpoints that take no bearer token', () => {
  it('answers the 3-D Secure challenge whatever Authorization header comes along', async () => {
    const server = await startServer();
    const { paymentId } = (await createFirmBooking(server)).payment;
    const challenged = await confirm(server, paymentId, 'pm_card_3ds');

    const answer = await post<PaymentSnapshot>(
      server,
      `/api/payments/${paymentId}/authenticate`,
      { outcome: 'approve', challengeId: challengeIdIn(challenged.body.nextAction?.url) },
      bearer('revoked-token'),
    );

    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('processing');
  });

  it('answers the fault endpoints to their secret whatever Authorization header comes along', async () => {
    const server = await startServer({ faults: true, faultSecret: 'fault-secret-1' });

    const set = await post<FaultSettings>(
      server,
      '/api/_faults',
      { failNextBookings: 1 },
      { 'X-Fault-Secret': 'fault-secret-1', ...bearer('revoked-token') },
    );

    expect(set.status).toBe(200);
    expect(set.body.failNextBookings).toBe(1);
  });
});
