import { isDraft } from '@reduxjs/toolkit';

/**
 * A map split into three levels of at most 16 entries, by three hex digits of a hash of the key.
 * An immutable update copies only the path it changes: three objects of ≤ 16 keys and one small
 * leaf. A flat map of n keys costs O(n) to copy, and past ~20 keys V8 keeps it in dictionary
 * mode, where each copied key costs ~0.5 µs on this machine.
 */
export type HashTrie<Leaf> = Record<string, Record<string, Record<string, Leaf>>>;

const DIGITS = 'abcdefghijklmnop';

/**
 * Three base-16 digits of an FNV-1a hash of the key, written `a` to `p` (e.g. `dkf`): the path to
 * its leaf. Letters, not `0`–`9`: V8 stores index-like keys as elements, and spreading a frozen
 * object with elements is ten times slower.
 */
export function leafPathOf(key: string): string {
  const hash = hashOf(key);
  return digit(hash, 0) + digit(hash, 1) + digit(hash, 2);
}

/** The FNV-1a hash of the key; its last three base-16 digits are the path (see `digit`). */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  }
  return hash;
}

/**
 * Level 0, 1 or 2 of the hash's path. Read one at a time from the hash: an array of the three
 * per lookup was an allocation on every read and write of the trie.
 */
function digit(hash: number, level: 0 | 1 | 2): string {
  return DIGITS.charAt((hash >>> (8 - 4 * level)) & 15);
}

/**
 * An own entry, for lookups that change nothing. Inside a reducer Immer makes a draft of every
 * object read from a draft with `get` (copying its parent): from a draft, the entry is read
 * through its property descriptor, which gives the current value with no draft and no copy.
 * Anything else is read directly: a descriptor is an allocation per read. Never finds
 * `Object.prototype`'s keys.
 */
export function peekOwn<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  if (!isDraft(record)) return Object.hasOwn(record, key) ? record[key] : undefined;
  const descriptor = Object.getOwnPropertyDescriptor(record, key);
  return descriptor === undefined ? undefined : (descriptor.value as T);
}

/** The key's leaf, for reading only (see `peekOwn`). */
export function peekLeaf<Leaf>(trie: HashTrie<Leaf>, key: string): Leaf | undefined {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const c = digit(hash, 2);
  const middle = peekOwn(trie, a);
  const last = middle && peekOwn(middle, b);
  return last && peekOwn(last, c);
}

/**
 * The key's leaf, ready to change in place: as a draft inside a reducer. A level that an earlier
 * change of the same Immer pass put in as a plain object (a copy path's, see `setLeaves` and
 * `setLeafCopying`: frozen with auto-freeze on, and sharing with the state before it whatever it
 * did not change) is no draft: it is copied again on the way down (see `writableChild`).
 */
export function leafOf<Leaf>(trie: HashTrie<Leaf>, key: string): Leaf | undefined {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const c = digit(hash, 2);
  // The digits are our own hash's, never `__proto__`: plain lookups are safe here.
  if (!isDraft(trie)) return trie[a]?.[b]?.[c];
  const middle = writableChild(trie, a);
  const last = middle && writableChild(middle, b);
  return last && writableChild(last, c);
}

/**
 * The parent's own child, ready to change in place, where the parent is a draft or a copy this
 * function made: a draft as it is; a plain object (put by a copy path of the same pass, or
 * shared with the state before) copied shallowly and put back, so nothing frozen or shared is
 * changed. Immer finalizes and freezes the copy with the rest of the pass.
 */
export function writableChild<T>(parent: Record<string, T>, key: string): T | undefined {
  if (!Object.hasOwn(parent, key)) return undefined;
  const child: unknown = parent[key];
  if (typeof child !== 'object' || child === null || isDraft(child)) return child as T;
  const copy = (Array.isArray(child) ? [...(child as unknown[])] : { ...child }) as T;
  parent[key] = copy;
  return copy;
}

/** Puts `leaf` at the key's path, creating the levels it lacks (inside a reducer or not). */
export function setLeaf<Leaf>(trie: HashTrie<Leaf>, key: string, leaf: Leaf): void {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const c = digit(hash, 2);
  if (!isDraft(trie)) {
    const middle = (trie[a] ??= {});
    const last = (middle[b] ??= {});
    last[c] = leaf;
    return;
  }
  const middle = writableChild(trie, a) ?? (trie[a] = {});
  const last = writableChild(middle, b) ?? (middle[b] = {});
  last[c] = leaf;
}

/** Removes the key's leaf, and every level it leaves empty (see `leafOf` inside a reducer). */
export function deleteLeaf<Leaf>(trie: HashTrie<Leaf>, key: string): void {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const c = digit(hash, 2);
  const inDraft = isDraft(trie);
  const middle = inDraft ? writableChild(trie, a) : trie[a];
  const last = middle && (inDraft ? writableChild(middle, b) : middle[b]);
  if (middle === undefined || last === undefined) return;
  delete last[c];
  if (Object.keys(last).length > 0) return;
  delete middle[b];
  if (Object.keys(middle).length === 0) delete trie[a];
}

export function leavesOf<Leaf>(trie: HashTrie<Leaf>): Leaf[] {
  const leaves: Leaf[] = [];
  for (const middle of Object.values(trie)) {
    for (const last of Object.values(middle)) leaves.push(...Object.values(last));
  }
  return leaves;
}

/**
 * Puts many leaves at once, each at its key's path (inside a reducer or not). Each level above
 * them is copied once as a plain object, deep-frozen if the one it replaces was frozen (as Immer
 * would freeze it), so Immer drafts only the trie's top object and does not walk the copies. A
 * level already drafted (by an earlier action of the same Immer pass) is changed through its
 * draft.
 */
export function setLeaves<Leaf>(trie: HashTrie<Leaf>, leaves: ReadonlyMap<string, Leaf>): void {
  const byMiddle = new Map<string, [string, Leaf][]>();
  for (const [key, leaf] of leaves) {
    const a = digit(hashOf(key), 0);
    const under = byMiddle.get(a);
    if (under) under.push([key, leaf]);
    else byMiddle.set(a, [[key, leaf]]);
  }
  for (const [a, under] of byMiddle) {
    const middle = peekOwn(trie, a);
    if (middle === undefined || isDraft(middle)) {
      for (const [key, leaf] of under) setLeaf(trie, key, leaf);
    } else {
      trie[a] = middleWith(middle, under);
    }
  }
}

function middleWith<Leaf>(
  middle: Record<string, Record<string, Leaf>>,
  leaves: readonly [string, Leaf][],
): Record<string, Record<string, Leaf>> {
  const next = { ...middle };
  const copies = new Map<string, Record<string, Leaf>>();
  for (const [key, leaf] of leaves) {
    const hash = hashOf(key);
    const b = digit(hash, 1);
    const c = digit(hash, 2);
    let last = copies.get(b);
    if (last === undefined) {
      last = { ...peekOwn(middle, b) };
      copies.set(b, last);
      next[b] = last;
    }
    last[c] = leaf;
  }
  if (Object.isFrozen(middle)) {
    // What the copies share with `middle` is frozen already: only the new parts are walked.
    for (const [, leaf] of leaves) deepFreeze(leaf);
    for (const last of copies.values()) Object.freeze(last);
    Object.freeze(next);
  }
  return next;
}

/**
 * `setLeaves` for one leaf: inside a reducer, the levels above it are copied, not drafted, so
 * Immer drafts only the trie's top object and does not walk the copies (see `setLeaves`).
 */
export function setLeafCopying<Leaf>(trie: HashTrie<Leaf>, key: string, leaf: Leaf): void {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const c = digit(hash, 2);
  const middle = peekOwn(trie, a);
  if (middle === undefined || isDraft(middle)) {
    setLeaf(trie, key, leaf);
    return;
  }
  const last = { ...peekOwn(middle, b), [c]: leaf };
  const next = { ...middle, [b]: last };
  if (Object.isFrozen(middle)) {
    deepFreeze(leaf);
    Object.freeze(last);
    Object.freeze(next);
  }
  trie[a] = next;
}

/**
 * An empty plain object that V8 keeps as a hash table (its "dictionary mode": deleting a key
 * that is not the last one added puts it there), for keys that are ids.
 */
export function hashTableObject<T>(): Record<string, T> {
  const table: Record<string, unknown> = { first: undefined, second: undefined };
  delete table.first;
  delete table.second;
  return table as Record<string, T>;
}

/**
 * Freezes what is not frozen yet, all the way down. Immer's own deep freeze costs ~2.5x this on
 * a rebuilt state (it checks each object for a draft, a Map or a Set); everything here is plain
 * data, and what is already frozen is shared, not new.
 */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  // A walk by key, not Object.values: a changed flow's children are mostly frozen already, and
  // an array of its values per flow was most of the cost. Own keys only: an enumerable
  // property a host put on Array.prototype or Object.prototype is not the state's to freeze.
  for (const key in value) {
    if (Object.hasOwn(value, key)) deepFreeze((value as Record<string, unknown>)[key]);
  }
}
