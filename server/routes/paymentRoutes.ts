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
      handle: (context) => ({
        status: 200,
        body: paymentFlow.get(context.param('paymentId'), context.owner),
      }),
    },
    {
      method: 'POST',
      path: '/api/payments/:paymentId/confirm',
      handle(context) {
        stats.confirmRequests += 1;
        const key = requireIdempotencyKey(context);
        const input = parseBody(confirmPaymentSchema, context.body);
        const paymentId = context.param('paymentId');
        const { owner } = context;
        // The payment id is part of the fingerprint: one key reused for another payment is a bug.
        // Keys are per owner, and the ownership check runs inside: another owner's payment is a
        // recorded 404, exactly as an unknown one.
        const request = {
          scope: 'confirmPayment',
          owner,
          key,
          fingerprint: fingerprintOf({ paymentId, input }),
        };
        return runIdempotent(store.idempotency, request, () => ({
          status: 200,
          body: paymentFlow.confirm(
            paymentId,
            owner,
            input.paymentMethodId,
            input.returnPath,
            context.origin,
          ),
        }));
      },
    },
    {
      // The bank's answer, not the shop's: the credential is the challenge id, not a token.
      method: 'POST',
      path: '/api/payments/:paymentId/authenticate',
      access: 'public',
      handle(context) {
        const { outcome, challengeId } = parseBody(authenticateSchema, context.body);
        return {
          status: 200,
          body: paymentFlow.authenticate(context.param('paymentId'), challengeId, outcome),
        };
      },
    },
  ];
}
