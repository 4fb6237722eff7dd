/**
 * The worker thread of `fitThreads`: evaluates a registered model's log-likelihood over a range of rows of
 * shared prepared data whenever the main thread posts work (see `fitThreadProtocol.ts`). Bundled with its own
 * copy of the core: only numbers cross between threads.
 */
import { workerData } from 'node:worker_threads';
import {
  DONE,
  EXIT,
  FAILED,
  type FitThreadData,
  FROM,
  IDLE,
  STATE,
  TO,
  WITH_GRAD,
  WORK,
} from './fitThreadProtocol.js';

const { model, data, control, numbers, paramCount: k } = workerData as FitThreadData;
const ctrl = new Int32Array(control);
const io = new Float64Array(numbers);
const params = io.subarray(0, k);
const grad = io.subarray(k, 2 * k);

/** Sets the state and wakes the main thread. */
function signal(state: number): void {
  Atomics.store(ctrl, STATE, state);
  Atomics.notify(ctrl, STATE);
}

try {
  const { MODELS } = await import('../models/registry.js');
  const spec = MODELS.find((m) => m.model === model);
  if (spec === undefined) throw new Error(`no registered model '${model}'`);
  signal(IDLE);
  for (;;) {
    let state = Atomics.load(ctrl, STATE);
    while (state !== WORK && state !== EXIT) {
      Atomics.wait(ctrl, STATE, state);
      state = Atomics.load(ctrl, STATE);
    }
    if (state === EXIT) break;
    try {
      grad.fill(0);
      const withGrad = Atomics.load(ctrl, WITH_GRAD) === 1;
      io[2 * k] = spec.logLikelihood(
        params,
        data,
        withGrad ? grad : undefined,
        Atomics.load(ctrl, FROM),
        Atomics.load(ctrl, TO),
      );
      signal(DONE);
    } catch {
      signal(FAILED);
    }
  }
} catch {
  signal(FAILED);
}
