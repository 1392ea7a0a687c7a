/** How the simulated processor treats a test payment method. */
export type Simulation = 'succeeds' | 'succeedsSlowly' | 'declines' | 'challenges';

export interface PaymentMethod {
  id: string;
  brand: string;
  last4: string;
  label: string;
  behaviour: string;
}

interface TestPaymentMethod extends PaymentMethod {
  simulation: Simulation;
}

/** Stripe-like test methods; the client only ever sees ids and last4, never card numbers. */
const TEST_PAYMENT_METHODS: readonly TestPaymentMethod[] = [
  testMethod('pm_card_visa', '4242', 'Succeeds', 'succeeds'),
  testMethod('pm_card_declined', '0002', 'Is declined', 'declines'),
  testMethod('pm_card_3ds', '3155', 'Asks for 3-D Secure', 'challenges'),
  testMethod('pm_card_slow', '1881', 'Stays in processing for a while', 'succeedsSlowly'),
];

function testMethod(
  id: string,
  last4: string,
  behaviour: string,
  simulation: Simulation,
): TestPaymentMethod {
  return { id, brand: 'visa', last4, label: `Visa ending in ${last4}`, behaviour, simulation };
}

export function listPaymentMethods(): PaymentMethod[] {
  return TEST_PAYMENT_METHODS.map(({ id, brand, last4, label, behaviour }) => ({
    id,
    brand,
    last4,
    label,
    behaviour,
  }));
}

export function simulationFor(paymentMethodId: string): Simulation | undefined {
  return TEST_PAYMENT_METHODS.find((method) => method.id === paymentMethodId)?.simulation;
}
