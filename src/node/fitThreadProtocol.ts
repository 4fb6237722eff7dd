/**
 * The handshake between `fitThreads` and its worker threads, over shared memory: a control block of Int32
 * (state, whether a gradient is wanted, the row range) and a block of float64 (parameters, gradient, value).
 * The main thread blocks in `Atomics.wait` while a worker evaluates its part, so a fit stays synchronous.
 */

/** The worker is loading its code. */
export const STARTING = -1;
/** Waiting for work. */
export const IDLE = 0;
/** Work posted: evaluate rows [from, to) at the parameters. */
export const WORK = 1;
/** The part is evaluated: value and gradient are in the float64 block. */
export const DONE = 2;
/** Leave the loop and end. */
export const EXIT = 3;
/** Loading or evaluating threw: the main thread evaluates the part itself from then on (meeting the same error). */
export const FAILED = 4;

/** Slots of the control block. */
export const STATE = 0;
export const WITH_GRAD = 1;
export const FROM = 2;
export const TO = 3;
export const CONTROL_SLOTS = 4;

/** What a worker is started with (`workerData`). */
export interface FitThreadData {
  /** The registered model whose log-likelihood it evaluates (`ModelSpec.model`). */
  readonly model: string;
  /** The prepared data, in shared memory (`shareData`). */
  readonly data: unknown;
  /** Int32 control block (`CONTROL_SLOTS`) and float64 block (k parameters, k gradient entries, the value). */
  readonly control: SharedArrayBuffer;
  readonly numbers: SharedArrayBuffer;
  /** Number of parameters k. */
  readonly paramCount: number;
}
