/**
 * Issue 10, row 12 and the redactor: what DevTools and the logs show of actions and state. Each
 * test is the attack (a secret placed where a gap was); it passes only if the secret is hidden.
 */
import { sanitizeAction, sanitizeState } from '../../src/payments/devTools';
import { createLogger } from '../../src/payments/logger';
import { REDACTED, redactSecrets } from '../../src/payments/redact';

const SECRET_URL = 'https://acs.example/3ds/pay_1?client_secret=pi_1_secret_XYZ&step=2';
const shown = (value: unknown) => JSON.stringify(value);

describe('row 12: DevTools and logs never show a secret', () => {
  it('an action carrying a client_secret in nextAction.url', () => {
    const action = {
      type: 'paymentFlows/paymentStatusesReceived',
      payload: {
        updates: [{ paymentId: 'pay_1', status: 'requiresAction', seq: 2, occurredAt: 1 }].map(
          (update) => ({ ...update, nextAction: { type: 'redirectToUrl', url: SECRET_URL } }),
        ),
        at: 1,
      },
    };
    expect(shown(sanitizeAction(action))).not.toContain('pi_1_secret_XYZ');
    expect(shown(sanitizeAction(action))).toContain('https://acs.example/3ds/pay_1');
  });

  it('the same URL in the state', () => {
    const state = { paymentFlows: { entities: { f1: { nextAction: { url: SECRET_URL } } } } };
    expect(shown(sanitizeState(state))).not.toContain('pi_1_secret_XYZ');
    expect(state.paymentFlows.entities.f1.nextAction.url).toBe(SECRET_URL);
  });

  it('a secret query parameter or a bearer token inside any string, and in a log message', () => {
    const lines: string[] = [];
    const logger = createLogger({
      sink: (_level, message, context) => lines.push(message + shown(context)),
    });
    logger.warn(`GET ${SECRET_URL} failed`, {
      note: 'retrying with Authorization Bearer eyJhbGciOi.abc.def',
      link: 'see /pay?access_token=abc123&x=1',
    });
    const line = lines.join('\n');
    expect(line).not.toContain('pi_1_secret_XYZ');
    expect(line).not.toContain('eyJhbGciOi');
    expect(line).not.toContain('abc123');
    expect(line).toContain('step=2');
  });

  it('a secret nested deeper than the redactor reads: the whole subtree is hidden', () => {
    let deep: Record<string, unknown> = { note: 'card 4242 4242 4242 4242' };
    for (let level = 0; level < 12; level += 1) deep = { level: deep };
    expect(shown(redactSecrets(deep))).not.toContain('4242');
    expect(shown(redactSecrets(deep))).toContain(REDACTED);
  });

  it('a card number stored as a number', () => {
    expect(redactSecrets({ value: 4242424242424242 })).toEqual({ value: REDACTED });
  });

  it('no false positive: uuids, epoch-ms times and amounts stay readable', () => {
    const flow = {
      flowId: '12345678-1234-4234-9234-123456789012',
      createdAt: 1796147884696,
      amount: { value: 5000, currency: 'EUR' },
      note: 'flow 9b2f6d1e-4c3a-4e8b-a7d2-5f0c1e9a8b7d at 1796147884696',
    };
    expect(redactSecrets(flow)).toEqual(flow);
  });

  it('a __proto__ key in the input stays data, and the copy has no prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"token": "t0k3n", "polluted": true}}') as object;
    const copy = redactSecrets(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(shown(copy)).not.toContain('t0k3n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
