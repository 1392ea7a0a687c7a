import { isDraft } from '@reduxjs/toolkit';

/**
 * A map split into three levels of 16 slots, by three base-16 digits of a hash of the key. An
 * immutable update copies only the path it changes: three arrays of 16 and one small leaf. A
 * flat map of n keys costs O(n) to copy, and past ~20 keys V8 keeps it in dictionary mode, where
 * each copied key costs ~0.5 µs on this machine. Arrays, not objects keyed by the digits: every
 * object level held its own mix of keys, so its own hidden class, and spreading and freezing one
 * cost ~0.4 µs; a frozen array of 16 spreads in ~0.05 µs. An empty slot is `null`, so a state
 * read back from JSON (a DevTools import) is the same state.
 */
export type TrieLevel<T> = (T | null)[];
export type HashTrie<Leaf> = TrieLevel<TrieLevel<TrieLevel<Leaf>>>;

const EMPTY_LEVEL: readonly null[] = Object.freeze(Array.from({ length: 16 }, () => null));

/** A level with every slot empty: a new trie, or a new level under one. */
export function emptyLevel<T>(): TrieLevel<T> {
  return [...EMPTY_LEVEL];
}

/**
 * The three slots of the key's path, as in DevTools: the leaf of key `k` is at
 * `trie[p[0]][p[1]][p[2]]`, with `p = leafPathOf(k)`.
 */
export function leafPathOf(key: string): readonly [number, number, number] {
  const hash = hashOf(key);
  return [digit(hash, 0), digit(hash, 1), digit(hash, 2)];
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
function digit(hash: number, level: 0 | 1 | 2): number {
  return (hash >>> (8 - 4 * level)) & 15;
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

/** A slot of a level, for reading only (see `peekOwn`); an empty one is `undefined`. */
function peekSlot<T>(level: TrieLevel<T>, at: number): T | undefined {
  const slot = isDraft(level)
    ? (Object.getOwnPropertyDescriptor(level, at)?.value as T | null | undefined)
    : level[at];
  return slot ?? undefined;
}

/** The key's leaf, for reading only (see `peekOwn`). */
export function peekLeaf<Leaf>(trie: HashTrie<Leaf>, key: string): Leaf | undefined {
  const hash = hashOf(key);
  const middle = peekSlot(trie, digit(hash, 0));
  const last = middle && peekSlot(middle, digit(hash, 1));
  return last && peekSlot(last, digit(hash, 2));
}

/**
 * The key's leaf, ready to change in place: as a draft inside a reducer. A level that an earlier
 * change of the same Immer pass put in as a plain array (a copy path's, see `setLeaves` and
 * `setLeafCopying`: frozen with auto-freeze on, and sharing with the state before it whatever it
 * did not change) is no draft: it is copied again on the way down (see `writableChild`).
 */
export function leafOf<Leaf>(trie: HashTrie<Leaf>, key: string): Leaf | undefined {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const c = digit(hash, 2);
  if (!isDraft(trie)) return trie[a]?.[b]?.[c] ?? undefined;
  const middle = writableChild(trie, a);
  const last = middle && writableChild(middle, b);
  return last && writableChild(last, c);
}

/**
 * The parent's own child, ready to change in place, where the parent (an object, or a level of
 * the trie) is a draft or a copy this function made: a draft as it is; a plain object or array
 * (put by a copy path of the same pass, or shared with the state before) copied shallowly and
 * put back, so nothing frozen or shared is changed. Immer finalizes and freezes the copy with the
 * rest of the pass. An empty slot is `undefined`.
 */
export function writableChild<T>(
  parent: Record<string, T> | TrieLevel<T>,
  key: string | number,
): T | undefined {
  if (!Object.hasOwn(parent, key)) return undefined;
  const slots = parent as Record<string | number, T | null>;
  const child = slots[key];
  if (typeof child !== 'object' || child === null || isDraft(child)) return child ?? undefined;
  const copy = (Array.isArray(child) ? [...(child as unknown[])] : { ...child }) as T;
  slots[key] = copy;
  return copy;
}

/** Puts `leaf` at the key's path, creating the levels it lacks (inside a reducer or not). */
export function setLeaf<Leaf>(trie: HashTrie<Leaf>, key: string, leaf: Leaf): void {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const c = digit(hash, 2);
  if (!isDraft(trie)) {
    const middle = (trie[a] ??= emptyLevel());
    const last = (middle[b] ??= emptyLevel());
    last[c] = leaf;
    return;
  }
  const middle = writableChild(trie, a) ?? (trie[a] = emptyLevel());
  const last = writableChild(middle, b) ?? (middle[b] = emptyLevel());
  last[c] = leaf;
}

/** Removes the key's leaf, and every level it leaves empty (see `leafOf` inside a reducer). */
export function deleteLeaf<Leaf>(trie: HashTrie<Leaf>, key: string): void {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const c = digit(hash, 2);
  const inDraft = isDraft(trie);
  const middle = inDraft ? writableChild(trie, a) : (trie[a] ?? undefined);
  const last = middle && (inDraft ? writableChild(middle, b) : (middle[b] ?? undefined));
  if (middle === undefined || last === undefined) return;
  last[c] = null;
  if (!isEmptyLevel(last)) return;
  middle[b] = null;
  if (isEmptyLevel(middle)) trie[a] = null;
}

/** Read slot by slot (see `peekSlot`): iterating a draft would draft every child. */
function isEmptyLevel<T>(level: TrieLevel<T>): boolean {
  for (let at = 0; at < level.length; at += 1) if (peekSlot(level, at) !== undefined) return false;
  return true;
}

export function leavesOf<Leaf>(trie: HashTrie<Leaf>): Leaf[] {
  const leaves: Leaf[] = [];
  for (const middle of trie) {
    for (const last of middle ?? []) {
      for (const leaf of last ?? []) if (leaf !== null) leaves.push(leaf);
    }
  }
  return leaves;
}

/**
 * Puts many leaves at once, each at its key's path (inside a reducer or not). Each level above
 * them is copied once as a plain array, deep-frozen if the one it replaces was frozen (as Immer
 * would freeze it), so Immer drafts only the trie's top level and does not walk the copies. A
 * level already drafted (by an earlier action of the same Immer pass) is changed through its
 * draft.
 */
export function setLeaves<Leaf>(trie: HashTrie<Leaf>, leaves: ReadonlyMap<string, Leaf>): void {
  const byMiddle = new Map<number, [string, Leaf][]>();
  for (const [key, leaf] of leaves) {
    const a = digit(hashOf(key), 0);
    const under = byMiddle.get(a);
    if (under) under.push([key, leaf]);
    else byMiddle.set(a, [[key, leaf]]);
  }
  for (const [a, under] of byMiddle) {
    const middle = peekSlot(trie, a);
    if (middle === undefined || isDraft(middle)) {
      for (const [key, leaf] of under) setLeaf(trie, key, leaf);
    } else {
      trie[a] = middleWith(middle, under);
    }
  }
}

function middleWith<Leaf>(
  middle: TrieLevel<TrieLevel<Leaf>>,
  leaves: readonly [string, Leaf][],
): TrieLevel<TrieLevel<Leaf>> {
  const next = [...middle];
  const copies = new Map<number, TrieLevel<Leaf>>();
  for (const [key, leaf] of leaves) {
    const hash = hashOf(key);
    const b = digit(hash, 1);
    let last = copies.get(b);
    if (last === undefined) {
      last = [...(middle[b] ?? EMPTY_LEVEL)];
      copies.set(b, last);
      next[b] = last;
    }
    last[digit(hash, 2)] = leaf;
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
 * Immer drafts only the trie's top level and does not walk the copies (see `setLeaves`).
 */
export function setLeafCopying<Leaf>(trie: HashTrie<Leaf>, key: string, leaf: Leaf): void {
  const hash = hashOf(key);
  const a = digit(hash, 0);
  const b = digit(hash, 1);
  const middle = peekSlot(trie, a);
  if (middle === undefined || isDraft(middle)) {
    setLeaf(trie, key, leaf);
    return;
  }
  const last = [...(middle[b] ?? EMPTY_LEVEL)];
  last[digit(hash, 2)] = leaf;
  const next = [...middle];
  next[b] = last;
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
 * Freezes a trie built outside a reducer, its levels by index and each leaf by `freezeLeaf`.
 * `deepFreeze` would get there too, but a walk by key through every level and every leaf's
 * records (ids as keys: V8's dictionary mode) cost as much as freezing the flows themselves.
 */
export function freezeTrie<Leaf>(trie: HashTrie<Leaf>, freezeLeaf: (leaf: Leaf) => void): void {
  for (const middle of trie) {
    if (middle === null) continue;
    for (const last of middle) {
      if (last === null) continue;
      for (const leaf of last) if (leaf !== null) freezeLeaf(leaf);
      Object.freeze(last);
    }
    Object.freeze(middle);
  }
  Object.freeze(trie);
}

/**
 * Freezes what is not frozen yet, all the way down. Immer's own deep freeze costs ~2.5x this on
 * a rebuilt state (it checks each object for a draft, a Map or a Set); everything here is plain
 * data, and what is already frozen is shared, not new.
 */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
    return;
  }
  // A walk by key, not Object.values: a changed flow's children are mostly frozen already, and
  // an array of its values per flow was most of the cost. Own keys only: an enumerable
  // property a host put on Array.prototype or Object.prototype is not the state's to freeze.
  for (const key in value) {
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && Object.hasOwn(value, key)) {
      deepFreeze(child);
    }
  }
}
