import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PROTOCOL_SCHEMAS,
  protocolJsonSchemas,
  type ProtocolMessage,
} from '../../src/payments/protocol';

const protocol = readFileSync(join(__dirname, '..', '..', 'docs', 'PROTOCOL.md'), 'utf8');

/** Every ```json block of the doc, with the message the comment just above it names. */
function examples(): { schema: string; json: string; line: number }[] {
  const lines = protocol.split('\n');
  const found: { schema: string; json: string; line: number }[] = [];
  lines.forEach((line, index) => {
    if (line.trim() !== '```json') return;
    const marker = lines
      .slice(Math.max(0, index - 2), index)
      .join('\n')
      .match(/<!-- schema: (\w+) -->/);
    const end = lines.findIndex((candidate, at) => at > index && candidate.trim() === '```');
    found.push({
      schema: marker?.[1] ?? '(no schema named)',
      json: lines.slice(index + 1, end).join('\n'),
      line: index + 1,
    });
  });
  return found;
}

const isMessage = (name: string): name is ProtocolMessage => Object.hasOwn(PROTOCOL_SCHEMAS, name);

describe('docs/PROTOCOL.md is the contract', () => {
  it('has examples to check', () => {
    expect(examples().length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples().map((example) => [example.line, example.schema, example] as const))(
    'the example at line %i is a valid %s',
    (_line, schema, example) => {
      expect(isMessage(schema)).toBe(true);
      if (!isMessage(schema)) return;
      const parsed = PROTOCOL_SCHEMAS[schema].safeParse(JSON.parse(example.json));
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it('every message has a JSON Schema, generated from the schema the client validates with', () => {
    const schemas = protocolJsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(PROTOCOL_SCHEMAS).sort());
    expect(schemas.confirmRequest).toMatchObject({
      type: 'object',
      required: ['paymentMethodId'],
      properties: { returnPath: { type: 'string', maxLength: 512 } },
    });
  });

  it('requests are as strict as the server: the 3-D Secure answer needs its challenge id, and no field is ignored', () => {
    const { authenticateRequest, subscribeRequest } = PROTOCOL_SCHEMAS;
    expect(authenticateRequest.safeParse({ outcome: 'approve' }).success).toBe(false);
    expect(authenticateRequest.safeParse({ outcome: 'approve', challengeId: 'c1' }).success).toBe(
      true,
    );
    expect(
      subscribeRequest.safeParse({ bookingIds: ['bk_1'], padding: 'x'.repeat(10) }).success,
    ).toBe(false);
    expect(protocolJsonSchemas().authenticateRequest).toMatchObject({
      required: ['outcome', 'challengeId'],
      additionalProperties: false,
    });
  });
});
