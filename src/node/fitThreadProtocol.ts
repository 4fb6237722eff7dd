/**
 * The handshake between `fitThreads` and its worker threads, over shared memory. One evaluation is a job of
 * fixed row chunks (their bounds depend on the data only): every thread — the calling one included — takes the
 * next chunk from a shared counter until none is left, writes the chunk's value and gradient into the chunk's
 * own slot and marks it done; the calling thread then adds the slots in chunk order. A slow or descheduled
 * worker thus takes fewer chunks (the work balances itself on a busy machine) and the sum is the same whoever
 * evaluated what. The calling thread blocks in `Atomics.wait` for the workers, so a fit stays synchronous.
 */

/** The worker is loading its code. */
export const STARTING = -1;
/** Waiting for work. */
export const IDLE = 0;
/** A job is posted: take chunks. */
export const WORK = 1;
/** No chunk left for this worker: its part of the job is finished. */
export const DONE = 2;
/** Leave the loop and end. */
export const EXIT = 3;
/** Loading or evaluating threw: the worker takes no more work; its unfinished chunk is evaluated by the caller. */
export const FAILED = 4;

/** Slots of the job block (Int32, shared by all): whether a gradient is wanted, and the next chunk to take. */
export const WITH_GRAD = 0;
export const NEXT_CHUNK = 1;
export const JOB_SLOTS = 2;

/** Rows per chunk: large enough that a chunk's per-call set-up is negligible, small enough to balance. */
export const CHUNK_ROWS = 32_768;

/** The chunks of `rows` rows: chunk c is rows [c·CHUNK_ROWS, min(rows, (c+1)·CHUNK_ROWS)). */
export function chunkCount(rows: number): number {
  return Math.ceil(rows / CHUNK_ROWS);
}

/** What a worker is started with (`workerData`). */
export interface FitThreadData {
  /** The registered model whose log-likelihood it evaluates (`ModelSpec.model`). */
  readonly model: string;
  /** The prepared data, in shared memory (`shareData`), and its number of rows. */
  readonly data: unknown;
  readonly rows: number;
  /** Number of parameters k. */
  readonly paramCount: number;
  /** This worker's state (Int32, one slot). */
  readonly state: SharedArrayBuffer;
  /** The job block (Int32, `JOB_SLOTS`). */
  readonly job: SharedArrayBuffer;
  /** The parameters (k float64). */
  readonly params: SharedArrayBuffer;
  /** Per chunk: the value and the k gradient entries (float64), and whether it is done (Int32). */
  readonly results: SharedArrayBuffer;
  readonly done: SharedArrayBuffer;
}

/**
 * A slice of customers for a worker of `predictOnThreads` (started with `workerData` `{ kind: 'predict' }`): the
 * input of `predictCustomerLifetimeValue` with plain fits and the slice's columns (copied to the worker).
 */
export interface PredictSlice {
  readonly transactionModel: { readonly model: string; readonly params: Readonly<Record<string, number>> };
  readonly spendModel: { readonly model: string; readonly params: Readonly<Record<string, number>> };
  readonly customers: {
    readonly frequency: Float64Array;
    readonly recency: Float64Array;
    readonly T: Float64Array;
    readonly monetaryValue: Float64Array;
  };
  readonly horizon?: number;
  readonly discountRate?: number;
  readonly margin?: string;
  readonly timeUnit?: string;
  readonly step?: number;
}

/** A worker's answer to a `PredictSlice`: the slice's figures (moved back), or that the prediction threw. */
export interface PredictSliceResult {
  readonly failed: boolean;
  readonly values: Float64Array;
  readonly expectedPurchases: Float64Array;
  readonly expectedSpend: Float64Array;
  readonly probabilityAlive: Float64Array;
}
