import * as z from 'zod/mini';
import {
  bookingResponseSchema,
  cancelResponseSchema,
  errorBodySchema,
  paymentMethodsResponseSchema,
  paymentSnapshotSchema,
  returnPathSchema,
} from './apiSchemas.js';
import { paymentStatusEventSchema, subscribeAckSchema } from './socket/socketSchemas.js';

/*
 * What the client sends. It builds these from typed values and does not parse them; they are
 * written down here so that the protocol has one schema for every message, in one place. They
 * are strict, as the server is: an unknown field is refused, never ignored.
 */
const bookingRequestSchema = z.strictObject({
  resourceId: z.string().check(z.minLength(1), z.maxLength(64)),
  start: z.number().check(z.positive()),
  durationMinutes: z.int().check(z.gte(15), z.lte(480)),
  bookingType: z.enum(['FIRM', 'TENTATIVE']),
});

const confirmRequestSchema = z.strictObject({
  paymentMethodId: z.string().check(z.minLength(1)),
  returnPath: z.optional(returnPathSchema),
});

/** The bank page's answer, bound to the payment's current one-time challenge. */
const authenticateRequestSchema = z.strictObject({
  outcome: z.enum(['approve', 'deny']),
  challengeId: z.string().check(z.minLength(1), z.maxLength(64)),
});

const subscribeRequestSchema = z.strictObject({
  bookingIds: z.array(z.string().check(z.minLength(1))).check(z.maxLength(10_000)),
});

/**
 * Every REST body and socket payload of `docs/PROTOCOL.md`, by name: the responses are the very
 * schemas the client validates with, and the doc's examples are tested against these.
 */
export const PROTOCOL_SCHEMAS = {
  errorBody: errorBodySchema,
  paymentSnapshot: paymentSnapshotSchema,
  bookingRequest: bookingRequestSchema,
  bookingResponse: bookingResponseSchema,
  confirmRequest: confirmRequestSchema,
  authenticateRequest: authenticateRequestSchema,
  cancelResponse: cancelResponseSchema,
  paymentMethodsResponse: paymentMethodsResponseSchema,
  subscribeRequest: subscribeRequestSchema,
  subscribeAck: subscribeAckSchema,
  paymentStatusEvent: paymentStatusEventSchema,
};

export type ProtocolMessage = keyof typeof PROTOCOL_SCHEMAS;

/**
 * JSON Schema (draft 2020-12) of every message, as the client accepts it, for backend teams
 * and their tests. Fields the client does not read are allowed.
 */
export function protocolJsonSchemas(): Record<ProtocolMessage, Record<string, unknown>> {
  const entries = Object.entries(PROTOCOL_SCHEMAS).map(([name, schema]) => [
    name,
    z.toJSONSchema(schema, { io: 'input' }),
  ]);
  return Object.fromEntries(entries) as Record<ProtocolMessage, Record<string, unknown>>;
}
