import { sanitizeAction, sanitizeState } from '../../src/payments/devTools';
import { createLogger, type LogLevel } from '../../src/payments/logger';
import { REDACTED, redactSecrets, redactText, redactUrl } from '../../src/payments/redact';

describe('redaction for logs and DevTools', () => {
  it('replaces secret-looking keys at any depth, and card numbers inside strings', () => {
    const redacted = redactSecrets({
      token: 'tok_live_1',
      nested: { clientSecret: 'pi_1_secret_2', cvc: '123', list: [{ authorization: 'Bearer x' }] },
      note: 'paid with 4242 4242 4242 4242 today',
      flowId: 'f-1',
      amount: 5000,
    });

    expect(redacted).toEqual({
      token: REDACTED,
      nested: { clientSecret: REDACTED, cvc: REDACTED, list: [{ authorization: REDACTED }] },
      note: `paid with ${REDACTED} today`,
      flowId: 'f-1',
      amount: 5000,
    });
  });

  it.each([
    ['at the start', '4242424242424242 was used', `${REDACTED} was used`],
    ['two in a row', '4242 4242 4242 4242,4111-1111-1111-1111', `${REDACTED},${REDACTED}`],
    ['inside an id', 'pay_4242424242424242', 'pay_4242424242424242'],
    ['inside a uuid-like run', 'x-4242424242424242-y', 'x-4242424242424242-y'],
    ['failing the Luhn check', 'order 4242424242424241', 'order 4242424242424241'],
  ])('finds a card number in text only where it stands alone (%s)', (_where, text, shown) => {
    expect(redactSecrets(text)).toBe(shown);
  });

  it('hides a client secret in free text, such as a server’s error message', () => {
    expect(redactSecrets('No such payment: pi_123_secret_abc.')).toBe(
      `No such payment: ${REDACTED}.`,
    );
    expect(redactSecrets({ message: 'seti_1Abc_secret_XyZ9 expired' })).toEqual({
      message: `${REDACTED} expired`,
    });
    expect(redactSecrets('pay_123 and booking_secret_room stay')).toBe(
      'pay_123 and booking_secret_room stay',
    );
  });

  it('keeps a redirect URL without its query, where a processor may put a client secret', () => {
    expect(redactUrl('https://acs.example/3ds?client_secret=pi_1_secret')).toBe(
      `https://acs.example/3ds?${REDACTED}`,
    );
    expect(redactUrl('https://acs.example/3ds/pay_1')).toBe('https://acs.example/3ds/pay_1');
  });

  it('sanitizes what DevTools sees of the state and of actions, without touching the store', () => {
    const state = {
      paymentFlows: {
        entities: {
          f1: {
            flowId: 'f1',
            nextAction: { type: 'redirectToUrl', url: 'https://a.example/x?s=1' },
          },
        },
      },
    };
    const action = { type: 'x', payload: { paymentMethodId: 'pm_card_visa', token: 't' } };

    expect(sanitizeState(state).paymentFlows.entities.f1.nextAction.url).toBe(
      `https://a.example/x?${REDACTED}`,
    );
    expect(state.paymentFlows.entities.f1.nextAction.url).toBe('https://a.example/x?s=1');
    expect(sanitizeAction(action).payload).toEqual({
      paymentMethodId: 'pm_card_visa',
      token: REDACTED,
    });
  });

  it('the logger writes only at or above its level, with redacted context', () => {
    const lines: [LogLevel, string, unknown][] = [];
    const logger = createLogger({
      level: 'info',
      sink: (level, message, context) => lines.push([level, message, context]),
    });

    logger.debug('noise');
    logger.warn('socket connect error', { token: 'tok', attempt: 2 });

    expect(lines).toEqual([['warn', 'socket connect error', { token: REDACTED, attempt: 2 }]]);
  });
});

describe('secrets in any string: where a parameter or a credential is written otherwise', () => {
  it.each([
    ['a parameter opening the string', 'access_token=abc123&x=1', `access_token=${REDACTED}&x=1`],
    ['a signature opening the string', 'sig=abc123', `sig=${REDACTED}`],
    [
      'a lower-case bearer credential',
      'authorization: bearer abc123',
      `authorization: bearer ${REDACTED}`,
    ],
    [
      'an upper-case BASIC credential',
      'Authorization: BASIC dXNlcjpwYXNz',
      `Authorization: BASIC ${REDACTED}`,
    ],
  ])('%s is hidden', (_what, text, shown) => {
    expect(redactText(text)).toBe(shown);
  });

  it('in a log line', () => {
    const lines: string[] = [];
    const logger = createLogger({
      sink: (_level, message, context) => lines.push(message + JSON.stringify(context)),
    });
    logger.warn('access_token=abc123 refused', { header: 'bearer eyJhbGciOi.abc.def' });
    expect(lines.join('\n')).not.toContain('abc123');
    expect(lines.join('\n')).not.toContain('eyJhbGciOi');
  });
});
