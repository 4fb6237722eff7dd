import { collectGarbage } from '../collectGarbage.js';
import { canonicalIntegerOfBytes } from './byteFields.js';

/**
 * Int32 words per slot of the table: the hash, the key (−1: empty), where the id's bytes are in the arena,
 * and the id's first 12 bytes (little-endian words, zero-padded), so a short id is matched in its slot alone.
 */
const SLOT = 8;
const HASH = 0;
const KEY = 1;
const START = 2;
const LENGTH = 3;
const WORDS = 4;
/** Ids up to this many bytes are compared in their slot, without reading the arena. */
const INLINE = 12;
/** The longest arena read as one string (V8's strings hold at most 2^29 − 24 characters). */
const MAX_TEXT_LENGTH = 2 ** 28;

/**
 * Customer ids interned by their bytes: each distinct id written in the file gets a dense key 0, 1, 2, … in
 * order of first sight, and `labelOf(key)` is the id itself — a number for a canonical integer ('42', not
 * '042'), otherwise the decoded string. The reader hands keys to the summarizer (found there in one array
 * access) and `labelOf` to its `finish`, which asks it once per customer after the rows are summed: no string
 * is made or hashed per row, and the ids' strings never sit beside the rows or the table.
 * An open-addressing hash table (FNV-1a over the bytes, linear probing, at most 70 % full), the bytes of
 * every id kept in one arena in key order. A slot holds the hash, the key, the id's place in the arena and its
 * first 12 bytes side by side (32 bytes, half a cache line), so looking up an id of up to 12 bytes in a log in
 * random order costs one cache miss — its slot — instead of four (hash, key, start, arena).
 * Memory while reading: 2^⌈log2(ids / 0.7)⌉ slots of 32 bytes, the ids' bytes and 4 bytes per id (10 million
 * ids of 11 bytes: 512 + 110 + 40 MB); `release` lets the slots go once every row is read. (10 million
 * strings are about 400 MB more.)
 */
export class IdTable {
  #mask = (1 << 16) - 1;
  #slots = emptySlots(1 << 16);
  #arena = Buffer.allocUnsafeSlow(1 << 20);
  #used = 0;
  /** Where each key's bytes end in the arena (key k's are arena[ends[k − 1], ends[k]), ends[−1] = 0). */
  #ends = new Uint32Array(1 << 16);
  #size = 0;
  #released = false;
  /** The whole arena as one string, made at the first `labelOf` after release when every id is plain. */
  #text: string | undefined;
  /** The bytes of the table left behind by `#grow`, to be collected with the next new id (`collectGarbage`). */
  #leftBehind = 0;
  /** Whether every id is printable ASCII without a blank (so none can differ from another only by whitespace or normalization). */
  #plain = true;

  /** The number of distinct ids seen. */
  get size(): number {
    return this.#size;
  }

  /** Whether every id seen is printable ASCII without a blank (bytes 0x21–0x7e). */
  get plain(): boolean {
    return this.#plain;
  }

  /**
   * The id of `key`: a number for a canonical integer, otherwise the text (a string made per call). Once the
   * table is released and every id is plain ASCII, the text is cut from one string of the whole arena
   * (`#text`): 10 million ids in random order, 1.3 s instead of 3.0 s for a decode of each id's bytes.
   */
  labelOf(key: number): string | number {
    const from = key === 0 ? 0 : (this.#ends[key - 1] as number);
    const to = this.#ends[key] as number;
    if (!(this.#released && this.#plain && this.#used <= MAX_TEXT_LENGTH))
      return labelOfBytes(this.#arena, from, to);
    const number = canonicalIntegerOfBytes(this.#arena, from, to);
    if (number >= 0) return number;
    // Plain ASCII reads the same as Latin-1 and as UTF-8.
    this.#text ??= this.#arena.toString('latin1', 0, this.#used);
    return this.#text.slice(from, to);
  }

  /** The key of the id written in bytes[from, to) (UTF-8, non-empty). */
  keyOf(bytes: Uint8Array, from: number, to: number): number {
    return this.keyOfHashed(bytes, from, to, idHash(bytes, from, to));
  }

  /** `keyOf` with the id's `idHash` already made (by the parse of its block, possibly on another thread). */
  keyOfHashed(bytes: Uint8Array, from: number, to: number, h: number): number {
    const length = to - from;
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    const inline = Math.min(to, from + INLINE);
    for (let i = from; i < inline; i++) {
      const b = bytes[i] as number;
      const at = i - from;
      if (at < 4) w0 |= b << (8 * at);
      else if (at < 8) w1 |= b << (8 * (at - 4));
      else w2 |= b << (8 * (at - 8));
    }
    const slots = this.#slots;
    let k = h & this.#mask;
    for (;;) {
      const at = k * SLOT;
      const key = slots[at + KEY] as number;
      if (key < 0) return this.#add(bytes, from, to, h, at, w0, w1, w2);
      if (
        slots[at + HASH] === h &&
        slots[at + LENGTH] === length &&
        slots[at + WORDS] === w0 &&
        slots[at + WORDS + 1] === w1 &&
        slots[at + WORDS + 2] === w2 &&
        (length <= INLINE || this.#sameTail(slots[at + START] as number, bytes, from, to))
      )
        return key;
      k = (k + 1) & this.#mask;
    }
  }

  /**
   * Reads the first word of the slot where an id of hash `h` is looked for first, and returns it. Reading the
   * slots of the next few rows before looking them up lets the processor fetch those cache lines side by side
   * (a table of a million ids is larger than the cache, and each lookup would otherwise wait for its own).
   */
  touch(h: number): number {
    return this.#slots[(h & this.#mask) * SLOT] as number;
  }

  /** Whether the arena's bytes from `start` equal bytes[from + 12, to) past the first 12 (already matched). */
  #sameTail(start: number, bytes: Uint8Array, from: number, to: number): boolean {
    const arena = this.#arena;
    for (let i = INLINE; i < to - from; i++) if (arena[start + i] !== bytes[from + i]) return false;
    return true;
  }

  /** The key of an id read as text (the general path), the same key its bytes get. */
  keyOfText(id: string): number {
    const bytes = Buffer.from(id, 'utf8');
    return this.keyOf(bytes, 0, bytes.length);
  }

  /**
   * Once every row is read: lets go of the lookup table (512 MB for 10 million ids), collected at once when
   * large (`collectGarbage`). `labelOf` still answers; no key may be asked for afterwards.
   */
  release(): void {
    const letGo = this.#slots.byteLength;
    this.#slots = emptySlots(1);
    this.#mask = 0;
    this.#released = true;
    collectGarbage(letGo);
  }

  /** Every key's id (element k is `labelOf(k)`), made from the arena. */
  labels(): (string | number)[] {
    const labels = new Array<string | number>(this.#size);
    for (let k = 0; k < this.#size; k++) labels[k] = this.labelOf(k);
    return labels;
  }

  #add(
    bytes: Uint8Array,
    from: number,
    to: number,
    h: number,
    at: number,
    w0: number,
    w1: number,
    w2: number,
  ): number {
    if (this.#released) throw new Error('IdTable: a key was asked for after release()');
    if (this.#leftBehind > 0) {
      collectGarbage(this.#leftBehind);
      this.#leftBehind = 0;
    }
    const key = this.#size;
    if (this.#used + (to - from) > this.#arena.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.#arena.length * 2, this.#used + (to - from)));
      this.#arena.copy(bigger, 0, 0, this.#used);
      this.#arena = bigger;
    }
    if (key === this.#ends.length) {
      const longer = new Uint32Array(key * 2);
      longer.set(this.#ends);
      this.#ends = longer;
    }
    // Byte by byte: a subarray per id would make an object for each of millions of ids.
    const arena = this.#arena;
    for (let i = from, at = this.#used; i < to; i++, at++) {
      const b = bytes[i] as number;
      if (b < 0x21 || b > 0x7e) this.#plain = false;
      arena[at] = b;
    }
    const slots = this.#slots;
    slots[at + HASH] = h;
    slots[at + KEY] = key;
    slots[at + START] = this.#used;
    slots[at + LENGTH] = to - from;
    slots[at + WORDS] = w0;
    slots[at + WORDS + 1] = w1;
    slots[at + WORDS + 2] = w2;
    this.#used += to - from;
    this.#ends[key] = this.#used;
    this.#size = key + 1;
    // At most 70 % full: 10 million ids fit 2^24 slots (512 MB), not 2^25.
    if (this.#size * 10 > this.#mask * 7) this.#grow();
    return key;
  }

  #grow(): void {
    const old = this.#slots;
    // The old table is garbage once moved; a large one is collected with the next new id (when no frame holds
    // it any more), or it would stay resident beside the new one until the end of the reading.
    this.#leftBehind = old.byteLength;
    const size = (this.#mask + 1) * 2;
    this.#mask = size - 1;
    const slots = emptySlots(size);
    for (let at = 0; at < old.length; at += SLOT) {
      if ((old[at + KEY] as number) < 0) continue;
      let j = (old[at + HASH] as number) & this.#mask;
      while ((slots[j * SLOT + KEY] as number) >= 0) j = (j + 1) & this.#mask;
      // Word by word: a subarray per slot would make an object for each of the million ids moved.
      const to = j * SLOT;
      for (let w = 0; w < SLOT; w++) slots[to + w] = old[at + w] as number;
    }
    this.#slots = slots;
  }
}

/** The id written in arena[from, to): the number of a canonical integer, otherwise the UTF-8 text. */
function labelOfBytes(arena: Buffer, from: number, to: number): string | number {
  const number = canonicalIntegerOfBytes(arena, from, to);
  return number >= 0 ? number : arena.toString('utf8', from, to);
}

/** A table of `size` empty slots. */
function emptySlots(size: number): Int32Array {
  // Every word −1 (one native fill): a slot is empty while its key is negative; the others are written with it.
  return new Int32Array(size * SLOT).fill(-1);
}

/**
 * The hash of an id's bytes, FNV-1a (32 bits; Fowler, Noll & Vo): h = (h ⊕ byte) · 16777619 from 2166136261.
 *
 * @example idHash(Buffer.from('a'), 0, 1) // -468965076
 */
export function idHash(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h;
}
