/**
 * Customer ids read straight from the file's bytes: the same bytes always give back the same string object,
 * made once per customer, so the reader allocates nothing per row for ids, and the summarizer's map finds
 * the string by its cached hash. An open-addressing hash table (FNV-1a over the bytes, linear probing), the
 * bytes of every id kept in one arena to compare against.
 */
export class IdTable {
  #mask = (1 << 16) - 1;
  #hashes = new Int32Array(1 << 16);
  #slots = new Int32Array(1 << 16).fill(-1);
  #ids: string[] = [];
  #starts: number[] = [];
  #arena = new Uint8Array(1 << 20);
  #used = 0;

  /** The id written in bytes[from, to) (UTF-8), as one shared string. */
  idOf(bytes: Uint8Array, from: number, to: number): string {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    let k = h & this.#mask;
    for (;;) {
      const slot = this.#slots[k] as number;
      if (slot < 0) return this.#add(bytes, from, to, h, k);
      if (this.#hashes[k] === h && this.#same(slot, bytes, from, to)) return this.#ids[slot] as string;
      k = (k + 1) & this.#mask;
    }
  }

  #same(slot: number, bytes: Uint8Array, from: number, to: number): boolean {
    const start = this.#starts[slot] as number;
    const end = this.#starts[slot + 1] ?? this.#used;
    if (end - start !== to - from) return false;
    for (let i = 0; i < end - start; i++) if (this.#arena[start + i] !== bytes[from + i]) return false;
    return true;
  }

  #add(bytes: Uint8Array, from: number, to: number, h: number, k: number): string {
    const slot = this.#ids.length;
    const id = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('utf8');
    if (this.#used + (to - from) > this.#arena.length) {
      const bigger = new Uint8Array(Math.max(this.#arena.length * 2, this.#used + (to - from)));
      bigger.set(this.#arena.subarray(0, this.#used));
      this.#arena = bigger;
    }
    this.#arena.set(bytes.subarray(from, to), this.#used);
    this.#starts.push(this.#used);
    this.#used += to - from;
    this.#ids.push(id);
    this.#hashes[k] = h;
    this.#slots[k] = slot;
    if (this.#ids.length * 2 > this.#mask) this.#grow();
    return id;
  }

  #grow(): void {
    const oldHashes = this.#hashes;
    const oldSlots = this.#slots;
    const size = (this.#mask + 1) * 2;
    this.#mask = size - 1;
    this.#hashes = new Int32Array(size);
    this.#slots = new Int32Array(size).fill(-1);
    for (let k = 0; k < oldSlots.length; k++) {
      const slot = oldSlots[k] as number;
      if (slot < 0) continue;
      const h = oldHashes[k] as number;
      let j = h & this.#mask;
      while ((this.#slots[j] as number) >= 0) j = (j + 1) & this.#mask;
      this.#hashes[j] = h;
      this.#slots[j] = slot;
    }
  }
}
