import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BoundLikelihood, LikelihoodEvaluator } from '../models/fit/likelihoodEvaluator.js';
import type { ModelDefinition } from '../models/fit/modelDefinition.js';
import {
  CONTROL_SLOTS,
  DONE,
  EXIT,
  FAILED,
  type FitThreadData,
  FROM,
  IDLE,
  STARTING,
  STATE,
  TO,
  WITH_GRAD,
  WORK,
} from './fitThreadProtocol.js';
import { shareData } from './sharedData.js';

/** Options of `fitThreads`. */
export interface FitThreadsOptions {
  /** Threads in all, the calling one included (default: the machine's available parallelism, at most 8). */
  readonly threads?: number;
  /** Fewest rows of prepared data (customers, or groups of identical ones) worth splitting (default 100,000). */
  readonly minRows?: number;
}

/** Longest wait for a worker to load its code before the fit goes on without it. */
const START_TIMEOUT_MS = 10_000;
const DEFAULT_MIN_ROWS = 100_000;

/** One worker: its thread and its two shared blocks. */
interface Part {
  readonly worker: Worker;
  readonly ctrl: Int32Array;
  readonly io: Float64Array;
  readonly from: number;
  readonly to: number;
}

/**
 * Both cores (or all of them) for a fit: a `LikelihoodEvaluator` (`FitOptions.evaluator`) that, on large data,
 * splits each evaluation of the log-likelihood over every customer into equal row ranges, one per thread — the
 * calling thread takes the first, `worker_threads` the others — and adds the parts (the models' `from`/`to`
 * contract: shared terms are added by the part that starts at row 0). The prepared data is copied once into
 * shared memory (`shareData`) and read there by every thread; per evaluation only the parameters and each part's
 * value and gradient cross, and the calling thread blocks in `Atomics.wait` for the workers, so the fit stays
 * synchronous. Workers start for a fit and end with it. Small data (fewer than `minRows` rows), models that sum
 * only whole (the Pareto/NBD on grouped customers, BG/BB, sBG, Gamma-Gamma) and one-thread machines are
 * evaluated in place; a worker that fails to load or to evaluate has its part evaluated by the calling thread,
 * which then meets the same error the single-threaded fit would. The estimate equals the single-threaded one up
 * to the order of a float64 sum (log-likelihoods to ~1e-12 relative). A worker evaluates the registered model of
 * the definition's id (`ModelSpec.model`).
 *
 * @example
 * import { fitParetoNbd } from 'clvkit';
 * import { fitThreads } from 'clvkit/node';
 * const fit = fitParetoNbd(customers, { evaluator: fitThreads() }); // 1 M continuous-time customers: both cores
 */
export function fitThreads(options: FitThreadsOptions = {}): LikelihoodEvaluator {
  const threads = Math.max(
    1,
    Math.min(64, Math.floor(options.threads ?? Math.min(8, availableParallelism()))),
  );
  const minRows = options.minRows ?? DEFAULT_MIN_ROWS;
  return {
    bind<D>(definition: ModelDefinition<D>, data: D): BoundLikelihood | undefined {
      const rows = definition.rowCount?.(data);
      if (threads < 2 || rows === undefined || !(rows >= minRows) || rows < threads) return undefined;
      return bindParts(definition, shareData(data), rows, threads);
    },
  };
}

/**
 * Starts one worker: the built `fitThreadWorker.js` next to this module, or — when this module runs from its
 * TypeScript source (the tests) — that file's `.ts` source through tsx's loader.
 */
function startWorker(workerData: FitThreadData): Worker {
  const here = new URL(import.meta.url);
  if (extname(fileURLToPath(here)) !== '.ts')
    return new Worker(new URL('./fitThreadWorker.js', here), { workerData });
  const source = JSON.stringify(new URL('./fitThreadWorker.ts', here).href);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** Starts the workers for rows [first part's end, rows), or undefined when one does not start. */
function bindParts<D>(
  definition: ModelDefinition<D>,
  shared: D,
  rows: number,
  threads: number,
): BoundLikelihood | undefined {
  const k = definition.paramNames.length;
  const bounds = Array.from({ length: threads + 1 }, (_, i) => Math.round((rows * i) / threads));
  const parts: Part[] = [];
  const closeAll = () => {
    for (const p of parts) {
      Atomics.store(p.ctrl, STATE, EXIT);
      Atomics.notify(p.ctrl, STATE);
      void p.worker.terminate();
    }
  };
  for (let t = 1; t < threads; t++) {
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    const numbers = new SharedArrayBuffer((2 * k + 1) * 8);
    const ctrl = new Int32Array(control);
    ctrl[STATE] = STARTING;
    const workerData: FitThreadData = {
      model: definition.model,
      data: shared,
      control,
      numbers,
      paramCount: k,
    };
    const worker = startWorker(workerData);
    worker.unref();
    // An 'error' event cannot reach a thread blocked in Atomics.wait; the worker reports FAILED itself.
    worker.on('error', () => {});
    parts.push({
      worker,
      ctrl,
      io: new Float64Array(numbers),
      from: bounds[t] as number,
      to: bounds[t + 1] as number,
    });
  }
  for (const p of parts) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Atomics.load(p.ctrl, STATE) === STARTING && Date.now() < deadline)
      Atomics.wait(p.ctrl, STATE, STARTING, 50);
    if (Atomics.load(p.ctrl, STATE) !== IDLE) {
      closeAll();
      return undefined;
    }
  }
  const ownEnd = bounds[1] as number;
  const partGrad = new Float64Array(k);
  return {
    logLikelihood(params: Float64Array, grad?: Float64Array): number {
      for (const p of parts) {
        p.io.set(params);
        Atomics.store(p.ctrl, WITH_GRAD, grad === undefined ? 0 : 1);
        Atomics.store(p.ctrl, FROM, p.from);
        Atomics.store(p.ctrl, TO, p.to);
        Atomics.store(p.ctrl, STATE, WORK);
        Atomics.notify(p.ctrl, STATE);
      }
      let value = definition.logLikelihood(params, shared, grad, 0, ownEnd);
      for (const p of parts) {
        let state = Atomics.load(p.ctrl, STATE);
        while (state === WORK) {
          Atomics.wait(p.ctrl, STATE, WORK);
          state = Atomics.load(p.ctrl, STATE);
        }
        let part: number;
        if (state === DONE) {
          part = p.io[2 * k] as number;
          if (grad !== undefined) for (let j = 0; j < k; j++) partGrad[j] = p.io[k + j] as number;
          Atomics.store(p.ctrl, STATE, IDLE);
        } else {
          // FAILED: evaluate the part here, meeting the same error (or, if it passes, the same number).
          Atomics.store(p.ctrl, STATE, state === FAILED ? IDLE : state);
          partGrad.fill(0);
          part = definition.logLikelihood(
            params,
            shared,
            grad === undefined ? undefined : partGrad,
            p.from,
            p.to,
          );
        }
        value += part;
        if (grad !== undefined)
          for (let j = 0; j < k; j++) grad[j] = (grad[j] as number) + (partGrad[j] as number);
      }
      return value;
    },
    close: closeAll,
  };
}
