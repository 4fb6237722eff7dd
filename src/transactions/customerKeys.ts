/** Integer ids below this are found through a directory array (one memory access) instead of the map. */
const DIRECTORY_LIMIT = 2 ** 24;

/**
 * Customer ids interned as dense keys 0, 1, 2, … in order of first sight, so that the summarizer sorts and
 * groups small integers instead of strings; `labels[key]` is the id. A whole number in [0, 2^24) is found
 * through a directory array, any other id through a Map (`1` and `'1'` are two customers, as everywhere in
 * clvkit). Memory: 4 bytes per directory entry up to the largest such id, a Map entry per other id.
 */
export class CustomerKeys {
  /** The id of each key. */
  readonly labels: (string | number)[] = [];
  private readonly keys = new Map<string | number, number>();
  /** key + 1 by integer id (0: not seen), for ids in [0, DIRECTORY_LIMIT). */
  private directory = new Int32Array(1024);

  /** The number of distinct ids seen. */
  get size(): number {
    return this.labels.length;
  }

  /** The key of `id`, a new one when it is first seen. */
  keyOf(id: string | number): number {
    if (typeof id === 'number' && id >= 0 && id < DIRECTORY_LIMIT && Number.isInteger(id)) {
      if (id < this.directory.length) {
        const k = (this.directory[id] as number) - 1;
        if (k >= 0) return k;
      } else {
        let n = this.directory.length;
        while (n <= id) n *= 2;
        const bigger = new Int32Array(Math.min(n, DIRECTORY_LIMIT));
        bigger.set(this.directory);
        this.directory = bigger;
      }
      const key = this.labels.length;
      this.labels.push(id);
      this.directory[id] = key + 1;
      return key;
    }
    let key = this.keys.get(id);
    if (key === undefined) {
      key = this.labels.length;
      this.labels.push(id);
      this.keys.set(id, key);
    }
    return key;
  }
}
