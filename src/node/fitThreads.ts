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

const DEFAULT_MIN_ROWS = 100_000;

/** A log-likelihood split across threads (`fitThreads`), which also says how much of it the workers did. */
export interface ThreadedLikelihood extends BoundLikelihood {
  /** How many row ranges worker threads have evaluated so far (the rest were evaluated by the calling thread). */
  partsOnWorkers(): number;
}

/** The evaluator `fitThreads` gives: its bound likelihoods say how much the workers did. */
export interface ThreadEvaluator extends LikelihoodEvaluator {
  /** As `LikelihoodEvaluator.bind`, split across threads on large data. */
  bind<D>(definition: ModelDefinition<D>, data: D): ThreadedLikelihood | undefined;
}

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
 * synchronous. Workers start for a fit and end with it, loading while the fit's warm start runs; a part whose worker
 * is not ready yet is evaluated by the calling thread. Small data (fewer than `minRows` rows), models that sum
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
export function fitThreads(options: FitThreadsOptions = {}): ThreadEvaluator {
  const threads = Math.max(
    1,
    Math.min(64, Math.floor(options.threads ?? Math.min(8, availableParallelism()))),
  );
  const minRows = options.minRows ?? DEFAULT_MIN_ROWS;
  return {
    bind<D>(definition: ModelDefinition<D>, data: D): ThreadedLikelihood | undefined {
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

/**
 * Starts the workers for rows [first part's end, rows) without waiting for them: they load while the fit
 * begins (its warm start runs on a sample, in place), and a part whose worker is not ready yet is evaluated by
 * the calling thread.
 */
function bindParts<D>(
  definition: ModelDefinition<D>,
  shared: D,
  rows: number,
  threads: number,
): ThreadedLikelihood {
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
  const ownEnd = bounds[1] as number;
  const partGrad = new Float64Array(k);
  const posted: boolean[] = parts.map(() => false);
  let onWorkers = 0;
  return {
    partsOnWorkers: () => onWorkers,
    logLikelihood(params: Float64Array, grad?: Float64Array): number {
      // Post each part to its worker when the worker is idle; one still loading (or failed) is evaluated here.
      for (let t = 0; t < parts.length; t++) {
        const p = parts[t] as Part;
        p.io.set(params);
        Atomics.store(p.ctrl, WITH_GRAD, grad === undefined ? 0 : 1);
        Atomics.store(p.ctrl, FROM, p.from);
        Atomics.store(p.ctrl, TO, p.to);
        posted[t] = Atomics.compareExchange(p.ctrl, STATE, IDLE, WORK) === IDLE;
        if (posted[t]) Atomics.notify(p.ctrl, STATE);
      }
      let value = definition.logLikelihood(params, shared, grad, 0, ownEnd);
      for (let t = 0; t < parts.length; t++) {
        const p = parts[t] as Part;
        let state = posted[t] ? Atomics.load(p.ctrl, STATE) : FAILED;
        while (state === WORK) {
          Atomics.wait(p.ctrl, STATE, WORK);
          state = Atomics.load(p.ctrl, STATE);
        }
        let part: number;
        if (state === DONE) {
          part = p.io[2 * k] as number;
          if (grad !== undefined) for (let j = 0; j < k; j++) partGrad[j] = p.io[k + j] as number;
          Atomics.store(p.ctrl, STATE, IDLE);
          onWorkers++;
        } else {
          // Not posted, or FAILED (the worker stays failed): evaluated here, meeting the same error if any.
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
