import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import * as z from 'zod/mini';
import type { LifetimeValueInput, LifetimeValuePrediction } from '../models/lifetimeValue.js';
import { predictCustomerLifetimeValue, probabilityAlive } from '../models/predict.js';
import type { FitLike } from '../models/verbInputs.js';
import { Decimal } from '../money.js';
import { numberSchema } from '../schemas/field.js';
import { guardedRead, optionsObject, parseInput, snapshot } from '../schemas/parse.js';
import type { PredictSlice, PredictSliceResult } from './fitThreadProtocol.js';
import { MAX_THREADS, ThreadCount } from './runnerOptions.js';
import { startWorker } from './startWorker.js';

/** Options of `predictOnThreads`. */
export interface PredictThreadsOptions {
  /**
   * Threads in all, the calling one included: a whole number of 1 or more, at most 64 used (default: the machine's
   * available parallelism, at most 8).
   */
  readonly threads?: number;
  /**
   * Fewest distinct histories (x, t_x, T) worth splitting (default 250,000, estimated by counting their hashes):
   * below it everything is predicted on the calling thread, where identical customers are predicted once.
   */
  readonly minHistories?: number;
  /**
   * Fewest distinct histories per customer worth splitting (default 0.5): customers that group more are
   * predicted once per history on the calling thread (measured: 10 M customers in 310,000 histories, 2.3 s on one
   * thread, 2.7 s on two).
   */
  readonly minHistoryShare?: number;
}

const PredictThreadsOptionsSchema = z.strictObject({
  threads: z.optional(ThreadCount),
  minHistories: z.optional(numberSchema({ min: 0 })),
  minHistoryShare: z.optional(numberSchema({ min: 0 })),
});

/** What `predictOnThreads` gives: the model CLV, P(alive) per customer, and how many slices workers made. */
export interface ThreadedPredictions {
  /** `predictCustomerLifetimeValue(input)`, the same figures bit for bit. */
  readonly lifetimeValue: LifetimeValuePrediction;
  /** `probabilityAlive(input.transactionModel, input.customers)`, the same figures bit for bit. */
  readonly probabilityAlive: Float64Array;
  /** Slices of customers predicted on worker threads (0: all on the calling thread). */
  readonly slicesOnWorkers: number;
}

const DEFAULT_MIN_HISTORIES = 250_000;
const DEFAULT_MIN_HISTORY_SHARE = 0.5;

/** Customer columns as typed arrays (what a slice can be cut from), or undefined for other shapes. */
function columnsOf(
  customers: unknown,
): Record<'frequency' | 'recency' | 'T' | 'monetaryValue', Float64Array> | undefined {
  if (customers === null || typeof customers !== 'object') return undefined;
  const c = customers as Record<string, unknown>;
  const names = ['frequency', 'recency', 'T', 'monetaryValue'] as const;
  if (!names.every((k) => c[k] instanceof Float64Array)) return undefined;
  const n = (c.frequency as Float64Array).length;
  if (!names.every((k) => (c[k] as Float64Array).length === n)) return undefined;
  return c as Record<(typeof names)[number], Float64Array>;
}

/**
 * Each customer's history hash (equal histories, equal hashes): the six 32-bit words of x, t_x and T as float64
 * combined by multiply-xor, then MurmurHash3's finalizer (Appleby 2011), which spreads every input bit over the
 * low bits the counting reads (without it the doubles' often zero low bits would collide there).
 */
function historyHashes(c: Record<'frequency' | 'recency' | 'T', Float64Array>): Int32Array {
  const n = c.frequency.length;
  const [f, r, t] = [c.frequency, c.recency, c.T].map(
    (a) => new Uint32Array(a.buffer, a.byteOffset, 2 * n),
  ) as [Uint32Array, Uint32Array, Uint32Array];
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = Math.imul((f[2 * i] as number) ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (f[2 * i + 1] as number), 0xc2b2ae35);
    h = Math.imul(h ^ (r[2 * i] as number), 0x85ebca6b);
    h = Math.imul(h ^ (r[2 * i + 1] as number), 0xc2b2ae35);
    h = Math.imul(h ^ (t[2 * i] as number), 0x85ebca6b);
    h = Math.imul(h ^ (t[2 * i + 1] as number), 0xc2b2ae35);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out[i] = h;
  }
  return out;
}

/** Bits of the linear-counting bitmap of `distinctHistories` (1 MB). */
const COUNTING_BITS = 2 ** 23;

/**
 * An estimate of the number of distinct histories from their hashes by linear counting (Whang, Vander-Zanden &
 * Taylor 1990, ACM TODS 15(2)): with m bits of which z are left unset after setting bit h mod m for every hash,
 * D ≈ −m ln(z / m) (within a few per cent while D < m); +∞ when the bitmap fills.
 *
 * @example distinctHistories(Int32Array.of(1, 2, 2)) // ≈ 2
 */
function distinctHistories(hashes: Int32Array): number {
  const bits = new Uint32Array(COUNTING_BITS / 32);
  for (let i = 0; i < hashes.length; i++) {
    const b = (hashes[i] as number) & (COUNTING_BITS - 1);
    bits[b >>> 5] = (bits[b >>> 5] as number) | (1 << (b & 31));
  }
  let set = 0;
  for (let w = 0; w < bits.length; w++) {
    let v = bits[w] as number;
    while (v !== 0) {
      v &= v - 1;
      set++;
    }
  }
  const unset = COUNTING_BITS - set;
  return unset === 0 ? Number.POSITIVE_INFINITY : -COUNTING_BITS * Math.log(unset / COUNTING_BITS);
}

/** A fit as it crosses to a worker: its model, parameters and time unit (what the prediction verbs read). */
function plainFit(fit: FitLike): FitLike {
  return {
    model: fit.model,
    params: { ...fit.params },
    ...(fit.timeUnit === undefined ? {} : { timeUnit: fit.timeUnit }),
  };
}

/**
 * A slice's columns copied into buffers of their own, to be moved (transferred) to a worker: posting a view
 * copies its whole buffer — every customer's column, not the slice's — so posting `subarray` views would send
 * each worker four full columns.
 *
 * @example sliceToMove({ frequency: f.subarray(0, 2), … }).frequency.buffer.byteLength === 16
 */
export function sliceToMove<K extends string>(
  columns: Record<K, Float64Array>,
): Record<K, Float64Array<ArrayBuffer>> {
  return Object.fromEntries(
    Object.entries<Float64Array>(columns).map(([name, column]) => [name, column.slice()]),
  ) as Record<K, Float64Array<ArrayBuffer>>;
}

/**
 * The model CLV of every customer and their P(alive) — `predictCustomerLifetimeValue(input)` and
 * `probabilityAlive(input.transactionModel, input.customers)` — with the customers cut into contiguous slices
 * predicted side by side, one per thread (the calling thread takes the first; each slice predicts its distinct
 * histories once). Each customer's figures depend on their own history only, so the result is the same bit for
 * bit whatever the threads. It splits only when the customers hold at least `minHistories` distinct (x, t_x, T),
 * and at least `minHistoryShare` of a history per customer (counted from a hash of each, `distinctHistories`):
 * customers that group are predicted once per history on one thread, quicker than on two (the work left is
 * per customer and bound by memory; workers take about 80 ms to start). Workers start for the call and end with it; a
 * slice's columns are copied to its worker (32 bytes per customer of the slice, `sliceToMove`) and its figures moved back. Below `minHistories`, with one thread or with customers that are not Float64Array columns
 * (frequency, recency, T, monetaryValue), everything runs on the calling thread. A bad input is reported as
 * the one-thread call reports it (the call is made again on the calling thread to name the customer).
 *
 * @example
 * const { lifetimeValue, probabilityAlive } = await predictOnThreads({ transactionModel: bg, spendModel: gg, customers, timeUnit: 'week' });
 */
export async function predictOnThreads(
  given: LifetimeValueInput,
  options: PredictThreadsOptions = {},
): Promise<ThreadedPredictions> {
  const where = 'predictOnThreads';
  const read = parseInput(PredictThreadsOptionsSchema, optionsObject(where, options, {}), where);
  // The input read once (its top level: the customers' columns are not copied), so a Proxy or a throwing getter
  // is the input's error, and the slices and the calling thread read the same fits.
  const input = snapshot(where, 'input', given, 1);
  const threads = Math.min(MAX_THREADS, read.threads ?? Math.min(8, availableParallelism()));
  const columns = guardedRead(where, 'input.customers', () => columnsOf(input?.customers));
  const n = columns?.frequency.length ?? 0;
  const alone = (): ThreadedPredictions => ({
    lifetimeValue: predictCustomerLifetimeValue(input),
    probabilityAlive: probabilityAlive(input.transactionModel, input.customers),
    slicesOnWorkers: 0,
  });
  if (columns === undefined || threads === 1 || n < threads) return alone();
  // Customers that group (few distinct histories, or many customers per history) are predicted once per
  // history on one thread faster than on two: the work left is per customer and bound by memory, not compute.
  const histories = distinctHistories(historyHashes(columns));
  if (
    histories < (read.minHistories ?? DEFAULT_MIN_HISTORIES) ||
    histories < (read.minHistoryShare ?? DEFAULT_MIN_HISTORY_SHARE) * n
  )
    return alone();
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((k * n) / threads));
  const cut = (from: number, to: number) => ({
    frequency: columns.frequency.subarray(from, to),
    recency: columns.recency.subarray(from, to),
    T: columns.T.subarray(from, to),
    monetaryValue: columns.monetaryValue.subarray(from, to),
  });
  const started: Worker[] = [];
  try {
    const answers = bounds.slice(1, -1).map((from, k) => {
      const to = bounds[k + 2] as number;
      const worker = startWorker(new URL(import.meta.url), 'fitThreadWorker', { kind: 'predict' });
      started.push(worker);
      const own = sliceToMove(cut(from, to));
      const slice: PredictSlice = {
        transactionModel: plainFit(input.transactionModel),
        spendModel: plainFit(input.spendModel),
        customers: own,
        ...(input.horizon === undefined ? {} : { horizon: input.horizon }),
        ...(input.discountRate === undefined ? {} : { discountRate: input.discountRate }),
        ...(input.margin === undefined ? {} : { margin: String(input.margin) }),
        ...(input.timeUnit === undefined ? {} : { timeUnit: input.timeUnit }),
        ...(input.step === undefined ? {} : { step: input.step }),
      };
      return new Promise<PredictSliceResult | undefined>((resolve) => {
        worker.once('message', (r: PredictSliceResult) => resolve(r));
        worker.once('error', () => resolve(undefined));
        worker.once('exit', () => resolve(undefined));
        worker.postMessage(
          slice,
          Object.values<Float64Array<ArrayBuffer>>(own).map((column) => column.buffer),
        );
      });
    });
    // The first slice here, while the workers predict theirs.
    const first = cut(0, bounds[1] as number);
    let own: LifetimeValuePrediction;
    let ownAlive: Float64Array;
    try {
      own = predictCustomerLifetimeValue({ ...input, customers: first });
      ownAlive = probabilityAlive(input.transactionModel, first);
    } catch {
      return alone(); // a slice's error counts its own rows: the whole call names the customer as one thread does
    }
    const parts = await Promise.all(answers);
    if (parts.some((p) => p === undefined || p.failed)) return alone();
    const values = new Float64Array(n);
    const purchases = new Float64Array(n);
    const spend = new Float64Array(n);
    const alive = new Float64Array(n);
    values.set(own.values);
    purchases.set(own.expectedPurchases);
    spend.set(own.expectedSpend);
    alive.set(ownAlive);
    parts.forEach((p, k) => {
      const r = p as PredictSliceResult;
      const at = bounds[k + 1] as number;
      values.set(r.values, at);
      purchases.set(r.expectedPurchases, at);
      spend.set(r.expectedSpend, at);
      alive.set(r.probabilityAlive, at);
    });
    let clv: Decimal[] | undefined;
    return {
      lifetimeValue: {
        get clv() {
          // Made when first read, as predictCustomerLifetimeValue makes them.
          clv ??= Array.from(values, (v) => new Decimal(v));
          return clv;
        },
        values,
        expectedPurchases: purchases,
        expectedSpend: spend,
        step: own.step,
        timeUnit: own.timeUnit,
      },
      probabilityAlive: alive,
      slicesOnWorkers: parts.length,
    };
  } finally {
    for (const w of started) void w.terminate();
  }
}
