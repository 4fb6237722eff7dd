import { BYTES_PER_ROW } from './orderColumns.js';
import type { OrderRows } from './sortByCustomerDay.js';

/**
 * Where a summarizer puts its sorted runs when the rows it keeps pass its memory budget (`SummarizeOptions.spill`):
 * the port through which the pure core hands rows to storage (a disk, in `clvkit/node`'s
 * `temporaryRunStore`) without doing I/O itself. A run is a chunk of accepted rows, consecutive in the log,
 * sorted by (customer, day) (rows of one customer and day in any order); runs are written in
 * log order and read back block by block during the k-way merge of `finish` (an external merge sort: Knuth,
 * TAOCP vol. 3, §5.4). Calls are synchronous; a store that fails throws, and the summarizer then calls
 * `dispose` before the error goes on.
 *
 * @example
 * // clvkit/node's temporaryRunStore() writes runs to files; a test can keep copies in an array:
 * const runs: SortedRun[] = [];
 * const store: SortedRunStore = { write: (run) => runs.push(structuredClone(run)) - 1, read, readLogDays, dispose };
 */
export interface SortedRunStore {
  /**
   * Keeps a run and returns its handle (any number the store chooses; the summarizer passes it back to `read`).
   * `run.rows`' three columns have one element per row; the arrays are the summarizer's and are reused after
   * the call, so the store copies or writes them before returning.
   */
  write(run: SortedRun): number;
  /**
   * Reads rows [from, from + into.customer.length) of run `handle` (fewer at its end) into the start of `into`'s
   * three columns; returns the number of rows read (0 past the end).
   */
  read(handle: number, from: number, into: OrderRows): number;
  /** Reads the run's `logDays` [from, from + into.length) into the start of `into`; returns the number read. */
  readLogDays(handle: number, from: number, into: Int32Array): number;
  /** Drops every run (their files, for a disk store); called once the summary is made or has failed. Idempotent. */
  dispose(): void;
}

/** A run handed to a `SortedRunStore`. */
export interface SortedRun {
  /** The run's rows sorted by (customer, day): customer keys, day numbers, amounts in ten-thousandths. */
  readonly rows: OrderRows;
  /**
   * The same rows' days in log order, when the isolated-outlier-date rule is on: read back only when some day is
   * an outlier, to name each dropped row by its index in the log, in log order.
   */
  readonly logDays?: Int32Array;
}

/**
 * The bytes of memory a spilling summarizer needs per row it holds: 16 for the row's columns (`OrderColumns`),
 * 16 for the radix sort's scratch (`sortByCustomerDay`; the rows of its largest bucket, so 16 only when one
 * customer's rows fill the run — about 0.03 when customers are many) and 4 for the copy of its days in log
 * order (`SortedRun.logDays`) while a run is sorted and written. `memoryBudget / BYTES_PER_HELD_ROW` rows make a run.
 */
export const BYTES_PER_HELD_ROW = 2 * BYTES_PER_ROW + 4;

/** The memory budget of a spilling summarizer when `spill.memoryBudget` is not given: 1 GiB (29.8 M rows per run). */
export const DEFAULT_MEMORY_BUDGET = 2 ** 30;
