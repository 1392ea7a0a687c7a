import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A payment's pending 3-D Secure challenge: who may answer it, and where the user goes next. */
export interface Challenge {
  /** 128 random bits, carried only in the challenge URL: whoever answers must have been sent there. */
  challengeId: string;
  paymentId: string;
  /** Validated at confirm and stored here: the bank page never takes it from its own URL. */
  returnPath: string;
}

/** At most one challenge per payment: a new confirm replaces the last one, which then stops working. */
export class ChallengeStore {
  private readonly challenges = new Map<string, Challenge>();

  issue(paymentId: string, returnPath: string): Challenge {
    const challenge = { challengeId: randomBytes(16).toString('base64url'), paymentId, returnPath };
    this.challenges.set(paymentId, challenge);
    return challenge;
  }

  /** The payment's challenge if `challengeId` is its id; compared in constant time. */
  find(paymentId: string, challengeId: string): Challenge | undefined {
    const challenge = this.challenges.get(paymentId);
    if (challenge === undefined || !sameSecret(challenge.challengeId, challengeId))
      return undefined;
    return challenge;
  }

  /** The current challenge of a payment, for tests that play the bank. */
  current(paymentId: string): Challenge | undefined {
    return this.challenges.get(paymentId);
  }
}

/** Hashing first gives both sides the same length, which timingSafeEqual needs. */
export function sameSecret(expected: string, given: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
