import { randomUUID } from 'node:crypto';

/** Stripe-style opaque ids such as `bk_3f9c…` and `pay_81ab…`. */
export function newId(prefix: 'bk' | 'pay'): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
