/**
 * The worker thread of `fitThreads`: whenever the calling thread posts an evaluation, takes row chunks from the
 * shared counter and evaluates a registered model's log-likelihood over each into its slot (see
 * `fitThreadProtocol.ts`). Bundled with its own copy of the core: only numbers cross between threads.
 */
import { workerData } from 'node:worker_threads';
import {
  CHUNK_ROWS,
  chunkCount,
  DONE,
  EXIT,
  FAILED,
  type FitThreadData,
  IDLE,
  NEXT_CHUNK,
  WITH_GRAD,
  WORK,
} from './fitThreadProtocol.js';

const d = workerData as FitThreadData;
const k = d.paramCount;
const state = new Int32Array(d.state);
const job = new Int32Array(d.job);
const params = new Float64Array(d.params);
const results = new Float64Array(d.results);
const done = new Int32Array(d.done);
const chunks = chunkCount(d.rows);
const grad = new Float64Array(k);

/** Sets this worker's state and wakes the calling thread. */
function signal(value: number): void {
  Atomics.store(state, 0, value);
  Atomics.notify(state, 0);
}

try {
  const { MODELS } = await import('../models/registry.js');
  const spec = MODELS.find((m) => m.model === d.model);
  if (spec === undefined) throw new Error(`no registered model '${d.model}'`);
  signal(IDLE);
  for (;;) {
    let s = Atomics.load(state, 0);
    while (s !== WORK && s !== EXIT) {
      Atomics.wait(state, 0, s);
      s = Atomics.load(state, 0);
    }
    if (s === EXIT) break;
    const withGrad = Atomics.load(job, WITH_GRAD) === 1;
    let failed = false;
    for (let c = Atomics.add(job, NEXT_CHUNK, 1); c < chunks; c = Atomics.add(job, NEXT_CHUNK, 1)) {
      try {
        grad.fill(0);
        const from = c * CHUNK_ROWS;
        const value = spec.logLikelihood(
          params,
          d.data,
          withGrad ? grad : undefined,
          from,
          Math.min(d.rows, from + CHUNK_ROWS),
        );
        const o = c * (k + 1);
        results[o] = value;
        for (let j = 0; j < k; j++) results[o + 1 + j] = grad[j] as number;
        Atomics.store(done, c, 1);
      } catch {
        failed = true;
        break;
      }
    }
    signal(failed ? FAILED : DONE);
    if (failed) break;
  }
} catch {
  signal(FAILED);
}
