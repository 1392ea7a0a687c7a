/**
 * payment-flows/protocol: the schemas the client validates every REST body and socket payload
 * with, and their JSON Schemas, for a backend team to build and test against docs/PROTOCOL.md.
 */
export {
  PROTOCOL_SCHEMAS,
  protocolJsonSchemas,
  type ProtocolMessage,
} from './payments/protocol.js';
