import type { OrderRows } from './sortByCustomerDay.js';
import type { SortedRunStore } from './sortedRunStore.js';

/**
 * A sorted run read block by block: the rows [pos, length) of the current block are the run's next ones.
 * `refill` loads the next block (pos back to 0) and says whether there was one.
 */
export interface RunCursor {
  customer: Uint32Array;
  day: Int32Array;
  units: Float64Array;
  pos: number;
  length: number;
  refill(): boolean;
}

/** A run held in memory (the summarizer's last chunk), as one block. */
export function memoryRunCursor(rows: OrderRows): RunCursor {
  return {
    customer: rows.customer,
    day: rows.day,
    units: rows.units,
    pos: 0,
    length: rows.customer.length,
    refill: () => false,
  };
}

/** A run kept by a `SortedRunStore`, read `blockRows` rows at a time (16 bytes each) into buffers of its own. */
export function storedRunCursor(store: SortedRunStore, handle: number, blockRows: number): RunCursor {
  const block = {
    customer: new Uint32Array(blockRows),
    day: new Int32Array(blockRows),
    units: new Float64Array(blockRows),
  };
  let next = 0;
  const cursor: RunCursor = {
    ...block,
    pos: 0,
    length: 0,
    refill() {
      const n = store.read(handle, next, block);
      next += n;
      cursor.pos = 0;
      cursor.length = n;
      return n > 0;
    },
  };
  cursor.refill();
  return cursor;
}

/** Whether run a's next row comes after run b's: by customer, then day, then run (log order). */
function after(runs: readonly RunCursor[], a: number, b: number): boolean {
  const x = runs[a] as RunCursor;
  const y = runs[b] as RunCursor;
  const cx = x.customer[x.pos] as number;
  const cy = y.customer[y.pos] as number;
  if (cx !== cy) return cx > cy;
  const dx = x.day[x.pos] as number;
  const dy = y.day[y.pos] as number;
  return dx !== dy ? dx > dy : a > b;
}

/** Moves heap[k] down to its place in the min-heap of run indices. */
function siftDown(heap: number[], runs: readonly RunCursor[], k: number): void {
  const n = heap.length;
  const r = heap[k] as number;
  for (;;) {
    let child = 2 * k + 1;
    if (child >= n) break;
    if (child + 1 < n && after(runs, heap[child] as number, heap[child + 1] as number)) child++;
    if (!after(runs, r, heap[child] as number)) break;
    heap[k] = heap[child] as number;
    k = child;
  }
  heap[k] = r;
}

/**
 * The k-way merge of runs sorted by (customer, day) (Knuth, TAOCP vol. 3, §5.4.1, merging with a priority
 * queue): a binary heap of the runs by their next row, ties going to the earlier run, so the merged rows are
 * every run's in (customer, day) order.
 * The run at the top hands over rows as long as they come before the runner-up's next one (one comparison per
 * row; a heap step, O(log k), only where runs interleave). Rows whose day is outside [keepFrom, keepTo] are
 * dropped (the isolated outlier dates). Yields the merged rows in blocks of whole customers — every row of a
 * customer in one block, as `customerFigures` reads them — of about `blockRows` rows (more when one customer
 * has more); a block's arrays are reused for the next one, so each is read before asking for the next.
 * Memory: 16 bytes per row of the output block, besides the runs' own blocks.
 *
 * @example
 * const a = memoryRunCursor({ customer: Uint32Array.of(0, 1), day: Int32Array.of(5, 5), units: Float64Array.of(1, 2) });
 * const b = memoryRunCursor({ customer: Uint32Array.of(0), day: Int32Array.of(5), units: Float64Array.of(3) });
 * [...mergeSortedRuns([a, b], 4, -Infinity, Infinity)][0].units // [1, 3, 2]
 */
export function* mergeSortedRuns(
  runs: readonly RunCursor[],
  blockRows: number,
  keepFrom: number,
  keepTo: number,
): Generator<OrderRows, void, undefined> {
  let cap = Math.max(1, blockRows);
  let outC = new Uint32Array(cap);
  let outD = new Int32Array(cap);
  let outU = new Float64Array(cap);
  let len = 0;
  const heap: number[] = [];
  for (let r = 0; r < runs.length; r++)
    if ((runs[r] as RunCursor).pos < (runs[r] as RunCursor).length) heap.push(r);
  for (let k = (heap.length >> 1) - 1; k >= 0; k--) siftDown(heap, runs, k);
  while (heap.length > 0) {
    const r = heap[0] as number;
    const run = runs[r] as RunCursor;
    // The runner-up: the smaller of the root's children.
    let next = -1;
    if (heap.length > 1) {
      next = heap[1] as number;
      if (heap.length > 2 && after(runs, next, heap[2] as number)) next = heap[2] as number;
    }
    for (;;) {
      const day = run.day[run.pos] as number;
      if (day >= keepFrom && day <= keepTo) {
        if (len === cap) {
          // Full: hand over the whole customers, keep the last (perhaps unfinished) one.
          const last = outC[len - 1] as number;
          let start = len - 1;
          while (start > 0 && outC[start - 1] === last) start--;
          if (start === 0) {
            cap *= 2;
            const c = new Uint32Array(cap);
            c.set(outC);
            outC = c;
            const d = new Int32Array(cap);
            d.set(outD);
            outD = d;
            const u = new Float64Array(cap);
            u.set(outU);
            outU = u;
          } else {
            yield {
              customer: outC.subarray(0, start),
              day: outD.subarray(0, start),
              units: outU.subarray(0, start),
            };
            outC.copyWithin(0, start, len);
            outD.copyWithin(0, start, len);
            outU.copyWithin(0, start, len);
            len -= start;
          }
        }
        outC[len] = run.customer[run.pos] as number;
        outD[len] = day;
        outU[len] = run.units[run.pos] as number;
        len++;
      }
      run.pos++;
      if (run.pos === run.length && !run.refill()) {
        const tail = heap.pop() as number;
        if (heap.length > 0) {
          heap[0] = tail;
          siftDown(heap, runs, 0);
        }
        break;
      }
      if (next >= 0 && after(runs, r, next)) {
        siftDown(heap, runs, 0);
        break;
      }
    }
  }
  if (len > 0)
    yield { customer: outC.subarray(0, len), day: outD.subarray(0, len), units: outU.subarray(0, len) };
}
