import { canonicalIntegerOfBytes } from './byteFields.js';

/**
 * Customer ids interned by their bytes: each distinct id written in the file gets a dense key 0, 1, 2, … in
 * order of first sight, and `labels[key]` is the id itself — a number for a canonical integer ('42', not
 * '042'), otherwise the decoded string, made once per customer. The reader hands keys to the summarizer
 * (found there in one array access) and `labels` to `finish`, so no string is made or hashed per row.
 * An open-addressing hash table (FNV-1a over the bytes, linear probing), the bytes of every id kept in one
 * arena to compare against.
 */
export class IdTable {
  /** The id of each key. */
  readonly labels: (string | number)[] = [];
  #mask = (1 << 16) - 1;
  #hashes = new Int32Array(1 << 16);
  #keys = new Int32Array(1 << 16).fill(-1);
  #starts: number[] = [];
  #arena = new Uint8Array(1 << 20);
  #used = 0;

  /** The key of the id written in bytes[from, to) (UTF-8, non-empty). */
  keyOf(bytes: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    let k = h & this.#mask;
    for (;;) {
      const key = this.#keys[k] as number;
      if (key < 0) return this.#add(bytes, from, to, h, k);
      if (this.#hashes[k] === h && this.#same(key, bytes, from, to)) return key;
      k = (k + 1) & this.#mask;
    }
  }

  /** The key of an id read as text (the general path), the same key its bytes get. */
  keyOfText(id: string): number {
    const bytes = Buffer.from(id, 'utf8');
    return this.keyOf(bytes, 0, bytes.length);
  }

  #same(key: number, bytes: Uint8Array, from: number, to: number): boolean {
    const start = this.#starts[key] as number;
    const end = this.#starts[key + 1] ?? this.#used;
    if (end - start !== to - from) return false;
    for (let i = 0; i < end - start; i++) if (this.#arena[start + i] !== bytes[from + i]) return false;
    return true;
  }

  #add(bytes: Uint8Array, from: number, to: number, h: number, k: number): number {
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
    this.#starts.push(this.#used);
    this.#used += to - from;
    this.#hashes[k] = h;
    this.#keys[k] = key;
    if (this.labels.length * 2 > this.#mask) this.#grow();
    return key;
  }

  #grow(): void {
    const oldHashes = this.#hashes;
    const oldKeys = this.#keys;
    const size = (this.#mask + 1) * 2;
    this.#mask = size - 1;
    this.#hashes = new Int32Array(size);
    this.#keys = new Int32Array(size).fill(-1);
    for (let k = 0; k < oldKeys.length; k++) {
      const key = oldKeys[k] as number;
      if (key < 0) continue;
      const h = oldHashes[k] as number;
      let j = h & this.#mask;
      while ((this.#keys[j] as number) >= 0) j = (j + 1) & this.#mask;
      this.#hashes[j] = h;
      this.#keys[j] = key;
    }
  }
}
