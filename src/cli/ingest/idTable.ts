import { canonicalIntegerOfBytes } from './byteFields.js';

/** Int32 words per slot of the table: the hash, the key (−1: empty), and where the id's bytes are in the arena. */
const SLOT = 4;
const HASH = 0;
const KEY = 1;
const START = 2;
const LENGTH = 3;

/**
 * Customer ids interned by their bytes: each distinct id written in the file gets a dense key 0, 1, 2, … in
 * order of first sight, and `labels[key]` is the id itself — a number for a canonical integer ('42', not
 * '042'), otherwise the decoded string, made once per customer. The reader hands keys to the summarizer
 * (found there in one array access) and `labels` to `finish`, so no string is made or hashed per row.
 * An open-addressing hash table (FNV-1a over the bytes, linear probing, at most half full), the bytes of
 * every id kept in one arena to compare against. A slot holds the hash, the key and the id's place in the
 * arena side by side (16 bytes), so a lookup in a log in random order costs two cache misses — the slot
 * and the arena — not four.
 */
export class IdTable {
  /** The id of each key. */
  readonly labels: (string | number)[] = [];
  #mask = (1 << 16) - 1;
  #slots = emptySlots(1 << 16);
  #arena = new Uint8Array(1 << 20);
  #used = 0;

  /** The key of the id written in bytes[from, to) (UTF-8, non-empty). */
  keyOf(bytes: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    const slots = this.#slots;
    let k = h & this.#mask;
    for (;;) {
      const at = k * SLOT;
      const key = slots[at + KEY] as number;
      if (key < 0) return this.#add(bytes, from, to, h, at);
      if (slots[at + HASH] === h && slots[at + LENGTH] === to - from) {
        const start = slots[at + START] as number;
        const arena = this.#arena;
        let i = 0;
        while (i < to - from && arena[start + i] === bytes[from + i]) i++;
        if (i === to - from) return key;
      }
      k = (k + 1) & this.#mask;
    }
  }

  /** The key of an id read as text (the general path), the same key its bytes get. */
  keyOfText(id: string): number {
    const bytes = Buffer.from(id, 'utf8');
    return this.keyOf(bytes, 0, bytes.length);
  }

  #add(bytes: Uint8Array, from: number, to: number, h: number, at: number): number {
    const key = this.labels.length;
    const number = canonicalIntegerOfBytes(bytes, from, to);
    this.labels.push(
      number >= 0 ? number : Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('utf8'),
    );
    if (this.#used + (to - from) > this.#arena.length) {
      const bigger = new Uint8Array(Math.max(this.#arena.length * 2, this.#used + (to - from)));
      bigger.set(this.#arena.subarray(0, this.#used));
      this.#arena = bigger;
    }
    this.#arena.set(bytes.subarray(from, to), this.#used);
    const slots = this.#slots;
    slots[at + HASH] = h;
    slots[at + KEY] = key;
    slots[at + START] = this.#used;
    slots[at + LENGTH] = to - from;
    this.#used += to - from;
    if (this.labels.length * 2 > this.#mask) this.#grow();
    return key;
  }

  #grow(): void {
    const old = this.#slots;
    const size = (this.#mask + 1) * 2;
    this.#mask = size - 1;
    const slots = emptySlots(size);
    for (let at = 0; at < old.length; at += SLOT) {
      if ((old[at + KEY] as number) < 0) continue;
      let j = (old[at + HASH] as number) & this.#mask;
      while ((slots[j * SLOT + KEY] as number) >= 0) j = (j + 1) & this.#mask;
      slots.set(old.subarray(at, at + SLOT), j * SLOT);
    }
    this.#slots = slots;
  }
}

/** A table of `size` empty slots. */
function emptySlots(size: number): Int32Array {
  const slots = new Int32Array(size * SLOT);
  for (let at = KEY; at < slots.length; at += SLOT) slots[at] = -1;
  return slots;
}
