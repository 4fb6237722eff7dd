/**
 * The worker thread of `fitThreads`: whenever the calling thread posts an evaluation, takes row chunks from the
 * shared counter and evaluates a registered model's log-likelihood over each into its slot (see
 * `fitThreadProtocol.ts`). Started with `{ kind: 'predict' }` instead, it is a worker of `predictOnThreads`: it
 * predicts the one slice of customers it is sent and answers with its figures. Bundled with its own copy of the
 * core: only numbers cross between threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  CHUNK_ROWS,
  chunkCount,
  DONE,
  EXIT,
  FAILED,
  type FitThreadData,
  IDLE,
  NEXT_CHUNK,
  type PredictSlice,
  type PredictSliceResult,
  WITH_GRAD,
  WORK,
} from './fitThreadProtocol.js';

if ((workerData as { kind?: string } | undefined)?.kind === 'predict') predictSlice();
else await fitPasses();

/** Predicts the slice of customers posted, once, and answers (`predictOnThreads`). */
function predictSlice(): void {
  parentPort?.once('message', async (slice: PredictSlice) => {
    let result: PredictSliceResult;
    try {
      const [{ MODELS }, { predictCustomerLifetimeValueWith }, { probabilityAliveWith }] = await Promise.all([
        import('../models/registry.js'),
        import('../models/lifetimeValue.js'),
        import('../models/predictionVerbs.js'),
      ]);
      const value = predictCustomerLifetimeValueWith(MODELS, slice as never);
      const alive = probabilityAliveWith(MODELS, slice.transactionModel, slice.customers);
      result = {
        failed: false,
        values: value.values,
        expectedPurchases: value.expectedPurchases,
        expectedSpend: value.expectedSpend,
        probabilityAlive: alive,
      };
    } catch {
      const none = new Float64Array(0);
      result = {
        failed: true,
        values: none,
        expectedPurchases: none,
        expectedSpend: none,
        probabilityAlive: none,
      };
    }
    const moved = [result.values, result.expectedPurchases, result.expectedSpend, result.probabilityAlive]
      .map((a) => a.buffer as ArrayBuffer)
      .filter((b, k, all) => b.byteLength > 0 && all.indexOf(b) === k);
    parentPort?.postMessage(result, moved);
  });
}

/** The loop of a `fitThreads` worker. */
async function fitPasses(): Promise<void> {
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
}
