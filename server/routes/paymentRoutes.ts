import { fingerprintOf, runIdempotent } from '../idempotency';
import { listPaymentMethods } from '../paymentMethods';
import type { PaymentFlow } from '../paymentFlow';
import { requireIdempotencyKey, type Route } from '../router';
import { authenticateSchema, confirmPaymentSchema, parseBody } from '../schemas';
import type { DemoStore } from '../store';
import type { DemoStats } from '../wireTypes';

export interface PaymentRouteDeps {
  store: DemoStore;
  paymentFlow: PaymentFlow;
  stats: DemoStats;
}

export function paymentRoutes({ store, paymentFlow, stats }: PaymentRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/payment-methods',
      handle: () => ({ status: 200, body: { paymentMethods: listPaymentMethods() } }),
    },
    {
      method: 'GET',
      path: '/api/payments/:paymentId',
      handle: (context) => ({ status: 200, body: paymentFlow.get(context.param('paymentId')) }),
    },
    {
      method: 'POST',
      path: '/api/payments/:paymentId/confirm',
      handle(context) {
        stats.confirmRequests += 1;
        const key = requireIdempotencyKey(context);
        const { paymentMethodId, returnPath } = parseBody(confirmPaymentSchema, context.body);
        const paymentId = context.param('paymentId');
        // The payment id is part of the fingerprint: one key reused for another payment is a bug.
        const fingerprint = fingerprintOf({ paymentId, body: context.body });
        return runIdempotent(
          store.idempotency,
          { scope: 'confirmPayment', key, fingerprint },
          () => ({
            status: 200,
            body: paymentFlow.confirm(paymentId, paymentMethodId, returnPath),
          }),
        );
      },
    },
    {
      method: 'POST',
      path: '/api/payments/:paymentId/authenticate',
      handle(context) {
        const { outcome } = parseBody(authenticateSchema, context.body);
        return { status: 200, body: paymentFlow.authenticate(context.param('paymentId'), outcome) };
      },
    },
  ];
}
