/**
 * The redactor reads every log line and, with DevTools, every string of every action and state,
 * including text a server chose (an error body's message). Its cost must stay linear in that
 * text: a backtracking pattern let a 200 KB message hold the page for ~12 s each time. Not a
 * performance figure (those are in the bench) but a security bound, three orders of magnitude
 * wide: linear, this takes a few milliseconds. Jest cannot time out a synchronous test.
 */
import { createLogger } from '../../src/payments/logger';
import { REDACTED, redactText } from '../../src/payments/redact';

describe('the redactor on hostile text', () => {
  it('a 200 KB server message of secret-looking names and an "=" is redacted, not backtracked over', () => {
    const message = `${'token'.repeat(40_000)}!=`;
    const lines: string[] = [];
    const logger = createLogger({
      sink: (_level, line, context) => lines.push(line, JSON.stringify(context)),
    });

    const startedAt = performance.now();
    logger.info('flow f1: confirming -> failed', { error: `card_declined: ${message}` });
    const elapsedMs = performance.now() - startedAt;

    expect(lines[1]).toContain('card_declined: token');
    expect(elapsedMs).toBeLessThan(1_000);
  });

  it('still hides secret parameters wherever they stand', () => {
    expect(redactText('GET /x?a=1&client_secret=pi_1&b=2')).toBe(
      `GET /x?a=1&client_secret=${REDACTED}&b=2`,
    );
    expect(redactText('access_token=abc x.api_key=def')).toBe(
      `access_token=${REDACTED} x.api_key=${REDACTED}`,
    );
    expect(redactText('a=b;token=c')).toBe(`a=b;token=${REDACTED}`);
    expect(redactText('note=token is fine')).toBe('note=token is fine');
  });
});
