import type { StoredObject } from './guardedStorage.js';

/**
 * redux-persist's format: a JSON object whose values are JSON strings themselves, the same text
 * as `JSON.stringify` of each value, then of the whole. Members `JSON.stringify` leaves out
 * (undefined, a function) are left out.
 */
export function storedText(parts: StoredObject): string {
  const members: string[] = [];
  for (const [name, part] of Object.entries(parts)) {
    const json = JSON.stringify(part) as string | undefined;
    if (json !== undefined) members.push(`${JSON.stringify(name)}:${JSON.stringify(json)}`);
  }
  return `{${members.join(',')}}`;
}
