import { bookingIdOf, paymentIdOf } from './burstProtocol';

const HOUR_MS = 60 * 60 * 1000;

/**
 * A REST API that only knows POST /api/bookings: each new booking gets the next bench ids,
 * held for an hour with a payment awaiting confirmation (seq 1), as the demo server answers.
 */
export function createScriptedApi() {
  let next = 0;
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (!url.endsWith('/api/bookings') || init.method !== 'POST') {
      return Response.json({ error: { code: 'not_found', message: url } }, { status: 404 });
    }
    const index = next;
    next += 1;
    return Response.json(
      {
        bookingId: bookingIdOf(index),
        status: 'held',
        holdExpiresAt: Date.now() + HOUR_MS,
        amount: { value: 5000, currency: 'EUR' },
        payment: { paymentId: paymentIdOf(index), status: 'awaitingPayment', seq: 1 },
      },
      { status: 201 },
    );
  };
  return { baseUrl: 'http://127.0.0.1:9', fetch };
}
