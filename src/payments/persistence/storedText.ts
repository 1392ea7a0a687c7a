import type { PersistedFlow } from './flowRecord.js';
import type { StoredObject } from './guardedStorage.js';
import type { PersistedFlows } from './storedFlows.js';

/**
 * A text as it appears inside a JSON string: `JSON.stringify(text)` without its quotes. Escaping
 * is character by character, so the escaped form of a concatenation is the concatenation of the
 * escaped parts (each part here is whole JSON, which never holds a lone surrogate).
 */
const escaped = (text: string): string => JSON.stringify(text).slice(1, -1);

/**
 * Each persisted flow's JSON, escaped. A persisted flow is made once per flow version
 * (`toPersistedFlow`) and never changed, so a write serializes only the flows that changed since
 * the last: serializing every flow twice was most of a write's cost (~0.1 s at 10,000 flows).
 */
const flowTexts = new WeakMap<PersistedFlow, string>();

function escapedFlow(flow: PersistedFlow): string {
  let text = flowTexts.get(flow);
  if (text === undefined) {
    text = escaped(JSON.stringify(flow));
    flowTexts.set(flow, text);
  }
  return text;
}

const FLOWS_OPEN = escaped('{"flows":[');

/** `escaped(JSON.stringify(part))` for the flows part, from each flow's kept text. */
function escapedFlowsPart(part: PersistedFlows): string {
  return `${FLOWS_OPEN}${part.flows.map(escapedFlow).join(',')}${escaped(
    `],"retired":${JSON.stringify(part.retired)}}`,
  )}`;
}

const isFlowsPart = (part: unknown): part is PersistedFlows => {
  if (typeof part !== 'object' || part === null) return false;
  const keys = Object.keys(part);
  return (
    keys.length === 2 &&
    keys[0] === 'flows' &&
    keys[1] === 'retired' &&
    Array.isArray((part as PersistedFlows).flows)
  );
};

/**
 * redux-persist's format: a JSON object whose values are JSON strings themselves, the same text
 * as `JSON.stringify` of each value, then of the whole.
 */
export function storedText(parts: StoredObject): string {
  const members: string[] = [];
  for (const [name, part] of Object.entries(parts)) {
    const value = isFlowsPart(part) ? escapedFlowsPart(part) : escapedJson(part);
    if (value !== undefined) members.push(`${JSON.stringify(name)}:"${value}"`);
  }
  return `{${members.join(',')}}`;
}

/** Undefined where `JSON.stringify` leaves the member out (undefined, a function). */
function escapedJson(value: unknown): string | undefined {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? undefined : escaped(json);
}
