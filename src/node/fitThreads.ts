import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import type { BoundLikelihood, LikelihoodEvaluator } from '../models/fit/likelihoodEvaluator.js';
import type { ModelDefinition } from '../models/fit/modelDefinition.js';
import { numberSchema } from '../schemas/field.js';
import { guardedRead, optionsObject, parseInput } from '../schemas/parse.js';
import {
  CHUNK_ROWS,
  chunkCount,
  DONE,
  EXIT,
  type FitThreadData,
  IDLE,
  JOB_SLOTS,
  NEXT_CHUNK,
  STARTING,
  WITH_GRAD,
  WORK,
} from './fitThreadProtocol.js';
import { MAX_THREADS, ThreadCount } from './runnerOptions.js';
import { shareData } from './sharedData.js';
import { startWorker } from './startWorker.js';

/** Options of `fitThreads`. */
export interface FitThreadsOptions {
  /**
   * Threads in all, the calling one included: a whole number of 1 or more, at most 64 used (default: the machine's
   * available parallelism, at most 8).
   */
  readonly threads?: number;
  /** Fewest rows of prepared data (customers, or groups of identical ones) worth splitting (default 100,000). */
  readonly minRows?: number;
}

const DEFAULT_MIN_ROWS = 100_000;

const FitThreadsOptionsSchema = z.strictObject({
  threads: z.optional(ThreadCount),
  minRows: z.optional(numberSchema({ min: 0 }, true)),
});

/** A log-likelihood split across threads (`fitThreads`), which also says how much of it the workers did. */
export interface ThreadedLikelihood extends BoundLikelihood {
  /** How many row chunks worker threads have evaluated so far (the rest were evaluated by the calling thread). */
  partsOnWorkers(): number;
}

/** The evaluator `fitThreads` gives: its bound likelihoods say how much the workers did. */
export interface ThreadEvaluator extends LikelihoodEvaluator {
  /** As `LikelihoodEvaluator.bind`, split across threads on large data. */
  bind<D>(definition: ModelDefinition<D>, data: D): ThreadedLikelihood | undefined;
}

/**
 * Both cores (or all of them) for a fit: a `LikelihoodEvaluator` (`FitOptions.evaluator`) that, on large data,
 * splits each evaluation of the log-likelihood over every customer into chunks of 32,768 rows taken by every
 * thread — the calling one and `worker_threads` — from a shared counter, and adds the chunks' values and
 * gradients in chunk order (the models' `from`/`to` contract: shared terms are added by the chunk that starts at
 * row 0). A busy or slow thread simply takes fewer chunks, and the sum is the same number whoever evaluated what
 * (and whatever the number of threads). The prepared data is copied once into shared memory (`shareData`) and
 * read there by every thread; per evaluation only the parameters and the chunks' sums cross, and the calling
 * thread blocks in `Atomics.wait` for the workers, so the fit stays synchronous. Workers start for a fit and end
 * with it, loading while the fit's warm start runs. Small data (fewer than `minRows` rows), models that sum only
 * whole (the Pareto/NBD on grouped customers, BG/BB, sBG, Gamma-Gamma) and one-thread machines are evaluated in
 * place; a worker that fails to load takes no chunk, and a chunk a worker fails to evaluate is evaluated by the
 * calling thread, which then meets the same error the single-threaded fit would. The estimate equals the
 * single-threaded one up to the order of a float64 sum (log-likelihoods to ~1e-12 relative). A worker evaluates
 * the registered model of the definition's id (`ModelSpec.model`).
 *
 * @example
 * import { fitParetoNbd } from 'clvkit';
 * import { fitThreads } from 'clvkit/node';
 * const fit = fitParetoNbd(customers, { evaluator: fitThreads() }); // 1 M continuous-time customers: both cores
 */
export function fitThreads(options: FitThreadsOptions = {}): ThreadEvaluator {
  const read = parseInput(FitThreadsOptionsSchema, optionsObject('fitThreads', options, {}), 'fitThreads');
  const threads = Math.min(MAX_THREADS, read.threads ?? Math.min(8, availableParallelism()));
  const minRows = read.minRows ?? DEFAULT_MIN_ROWS;
  return {
    bind<D>(definition: ModelDefinition<D>, data: D): ThreadedLikelihood | undefined {
      // A fit passes its model's definition; anything else is named, never a foreign TypeError.
      const rows = guardedRead('fitThreads', 'definition', () => {
        if (definition === null || typeof definition !== 'object')
          throw new ClvValidationError('fitThreads', [
            makeIssue('definition', "a model's definition (as a fit passes it)", definition),
          ]);
        return definition.rowCount?.(data);
      });
      if (threads < 2 || typeof rows !== 'number' || !(rows >= minRows) || rows < threads) return undefined;
      return bindParts(definition, shareData(data), rows, threads);
    },
  };
}

/** Starts one worker: the built `fitThreadWorker.js` next to this module (or its source, in the tests). */
function startFitWorker(workerData: FitThreadData): Worker {
  return startWorker(new URL(import.meta.url), 'fitThreadWorker', workerData);
}

/**
 * Starts the workers without waiting for them: they load while the fit begins (its warm start runs on a
 * sample, in place); until a worker is ready, the chunks are taken by the threads that are.
 */
function bindParts<D>(
  definition: ModelDefinition<D>,
  shared: D,
  rows: number,
  threads: number,
): ThreadedLikelihood {
  const k = definition.paramNames.length;
  const chunks = chunkCount(rows);
  const job = new Int32Array(new SharedArrayBuffer(JOB_SLOTS * 4));
  const params = new Float64Array(new SharedArrayBuffer(k * 8));
  const results = new Float64Array(new SharedArrayBuffer(chunks * (k + 1) * 8));
  const done = new Int32Array(new SharedArrayBuffer(chunks * 4));
  const workers: { readonly worker: Worker; readonly state: Int32Array }[] = [];
  for (let t = 1; t < threads; t++) {
    const state = new Int32Array(new SharedArrayBuffer(4));
    state[0] = STARTING;
    const worker = startFitWorker({
      model: definition.model,
      data: shared,
      rows,
      paramCount: k,
      state: state.buffer as SharedArrayBuffer,
      job: job.buffer as SharedArrayBuffer,
      params: params.buffer as SharedArrayBuffer,
      results: results.buffer as SharedArrayBuffer,
      done: done.buffer as SharedArrayBuffer,
    });
    worker.unref();
    // An 'error' event cannot reach a thread blocked in Atomics.wait; the worker reports FAILED itself.
    worker.on('error', () => {});
    workers.push({ worker, state });
  }
  const grad = new Float64Array(k);
  const own = new Float64Array(k);
  let onCaller = 0;
  let evaluated = 0;
  /** Chunk c evaluated here, into its slot. */
  const evaluate = (c: number, withGrad: boolean) => {
    grad.fill(0);
    const from = c * CHUNK_ROWS;
    own.set(params);
    const value = definition.logLikelihood(
      own,
      shared,
      withGrad ? grad : undefined,
      from,
      Math.min(rows, from + CHUNK_ROWS),
    );
    const o = c * (k + 1);
    results[o] = value;
    for (let j = 0; j < k; j++) results[o + 1 + j] = grad[j] as number;
    Atomics.store(done, c, 1);
    onCaller++;
  };
  const posted = workers.map(() => false);
  return {
    partsOnWorkers: () => evaluated - onCaller,
    logLikelihood(theta: Float64Array, out?: Float64Array): number {
      const withGrad = out !== undefined;
      params.set(theta);
      done.fill(0);
      Atomics.store(job, WITH_GRAD, withGrad ? 1 : 0);
      Atomics.store(job, NEXT_CHUNK, 0);
      // Post the job to every idle worker (one still loading, or failed, takes no part).
      workers.forEach((w, t) => {
        posted[t] = Atomics.compareExchange(w.state, 0, IDLE, WORK) === IDLE;
        if (posted[t]) Atomics.notify(w.state, 0);
      });
      for (let c = Atomics.add(job, NEXT_CHUNK, 1); c < chunks; c = Atomics.add(job, NEXT_CHUNK, 1))
        evaluate(c, withGrad);
      workers.forEach((w, t) => {
        if (!posted[t]) return;
        let s = Atomics.load(w.state, 0);
        while (s === WORK) {
          Atomics.wait(w.state, 0, WORK);
          s = Atomics.load(w.state, 0);
        }
        if (s === DONE) Atomics.store(w.state, 0, IDLE);
      });
      // A chunk a failed worker left unfinished is evaluated here (meeting the same error, if any).
      for (let c = 0; c < chunks; c++) if (Atomics.load(done, c) !== 1) evaluate(c, withGrad);
      evaluated += chunks;
      // The slots added in chunk order: the same sum whoever evaluated which chunk.
      let value = 0;
      if (out !== undefined) out.fill(0);
      for (let c = 0; c < chunks; c++) {
        const o = c * (k + 1);
        value += results[o] as number;
        if (out !== undefined)
          for (let j = 0; j < k; j++) out[j] = (out[j] as number) + (results[o + 1 + j] as number);
      }
      return value;
    },
    close() {
      for (const w of workers) {
        Atomics.store(w.state, 0, EXIT);
        Atomics.notify(w.state, 0);
        void w.worker.terminate();
      }
    },
  };
}
