import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { LifetimeValueInput, LifetimeValuePrediction } from '../models/lifetimeValue.js';
import { predictCustomerLifetimeValue, probabilityAlive } from '../models/predict.js';
import type { FitLike } from '../models/verbInputs.js';
import { Decimal } from '../money.js';
import type { PredictSlice, PredictSliceResult } from './fitThreadProtocol.js';
import { startWorker } from './startWorker.js';

/** Options of `predictOnThreads`. */
export interface PredictThreadsOptions {
  /** Threads in all, the calling one included (default: the machine's available parallelism, at most 8). */
  readonly threads?: number;
  /**
   * Fewest distinct histories (x, t_x, T) worth splitting (default 250,000, estimated by counting their hashes):
   * below it everything is predicted on the calling thread, where identical customers are predicted once.
   */
  readonly minHistories?: number;
}

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
 * Each customer's history hash: MurmurHash3 (x86, 32 bits; Appleby 2011) over the six 32-bit words of x, t_x and T
 * as float64 (equal histories, equal hashes). Its finalizer spreads every input bit over the low bits, which
 * slices and counting read (a plain multiply-xor hash keeps the doubles' often zero low bits there).
 */
function historyHashes(c: Record<'frequency' | 'recency' | 'T', Float64Array>): Int32Array {
  const n = c.frequency.length;
  const words = [c.frequency, c.recency, c.T].map((a) => new Uint32Array(a.buffer, a.byteOffset, 2 * n));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (const w of words) {
      for (let half = 0; half < 2; half++) {
        let k = Math.imul(w[2 * i + half] as number, 0xcc9e2d51);
        k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
        h ^= k;
        h = (h << 13) | (h >>> 19);
        h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      }
    }
    h ^= 24; // the length in bytes
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

/** The customers of each slice (hash modulo `slices`), in input order. */
function sliceRows(hashes: Int32Array, slices: number): Int32Array[] {
  const counts = new Int32Array(slices);
  for (let i = 0; i < hashes.length; i++) {
    const s = ((hashes[i] as number) >>> 0) % slices;
    counts[s] = (counts[s] as number) + 1;
  }
  const rows = Array.from(counts, (k) => new Int32Array(k));
  const filled = new Int32Array(slices);
  for (let i = 0; i < hashes.length; i++) {
    const s = ((hashes[i] as number) >>> 0) % slices;
    (rows[s] as Int32Array)[(filled[s] as number) + 0] = i;
    filled[s] = (filled[s] as number) + 1;
  }
  return rows;
}

/** column[at[0]], column[at[1]], … */
function gathered(column: Float64Array, at: Int32Array): Float64Array {
  const out = new Float64Array(at.length);
  for (let j = 0; j < at.length; j++) out[j] = column[at[j] as number] as number;
  return out;
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
 * The model CLV of every customer and their P(alive) — `predictCustomerLifetimeValue(input)` and
 * `probabilityAlive(input.transactionModel, input.customers)` — with the customers dealt into slices predicted
 * side by side, one per thread (the calling thread takes the first). A customer's slice is a hash of their
 * (x, t_x, T), so customers with the same history share a slice and each slice groups its own (the predictions
 * are made once per distinct history, and no history is predicted on two threads). Each customer's figures
 * depend on their own history only, so the result is the same bit for bit whatever the threads. Workers start
 * for the call and end with it (about 80 ms); a slice's columns are gathered and moved to its worker (32 bytes
 * per customer) and its figures moved back. Below `minHistories`, with one thread or with customers that are not Float64Array columns
 * (frequency, recency, T, monetaryValue), everything runs on the calling thread. A bad input is reported as
 * the one-thread call reports it (the call is made again on the calling thread to name the customer).
 *
 * @example
 * const { lifetimeValue, probabilityAlive } = await predictOnThreads({ transactionModel: bg, spendModel: gg, customers, timeUnit: 'week' });
 */
export async function predictOnThreads(
  input: LifetimeValueInput,
  options: PredictThreadsOptions = {},
): Promise<ThreadedPredictions> {
  const threads = Math.max(1, Math.min(options.threads ?? Math.min(8, availableParallelism()), 64));
  const columns = columnsOf(input?.customers);
  const n = columns?.frequency.length ?? 0;
  const alone = (): ThreadedPredictions => ({
    lifetimeValue: predictCustomerLifetimeValue(input),
    probabilityAlive: probabilityAlive(input.transactionModel, input.customers),
    slicesOnWorkers: 0,
  });
  if (columns === undefined || threads === 1 || n < threads) return alone();
  // Customers are dealt to slices by a hash of their (x, t_x, T): identical customers share a slice, so the
  // grouping inside each slice's prediction (one computation per distinct history) is not repeated across threads.
  const hashes = historyHashes(columns);
  // Identical customers are predicted once per slice; few distinct histories are not worth the workers' start.
  if (distinctHistories(hashes) < (options.minHistories ?? DEFAULT_MIN_HISTORIES)) return alone();
  const rows = sliceRows(hashes, threads);
  const gather = (at: Int32Array) => ({
    frequency: gathered(columns.frequency, at),
    recency: gathered(columns.recency, at),
    T: gathered(columns.T, at),
    monetaryValue: gathered(columns.monetaryValue, at),
  });
  const started: Worker[] = [];
  try {
    const answers = rows.slice(1).map((at) => {
      const worker = startWorker(new URL(import.meta.url), 'fitThreadWorker', { kind: 'predict' });
      started.push(worker);
      const customers = gather(at);
      const slice: PredictSlice = {
        transactionModel: plainFit(input.transactionModel),
        spendModel: plainFit(input.spendModel),
        customers,
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
        // The gathered columns are the worker's: moved, not copied.
        worker.postMessage(
          slice,
          [customers.frequency, customers.recency, customers.T, customers.monetaryValue].map(
            (a) => a.buffer as ArrayBuffer,
          ),
        );
      });
    });
    // The first slice here, while the workers predict theirs.
    const first = gather(rows[0] as Int32Array);
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
    const scatter = (at: Int32Array, r: Omit<PredictSliceResult, 'failed'>) => {
      for (let j = 0; j < at.length; j++) {
        const i = at[j] as number;
        values[i] = r.values[j] as number;
        purchases[i] = r.expectedPurchases[j] as number;
        spend[i] = r.expectedSpend[j] as number;
        alive[i] = r.probabilityAlive[j] as number;
      }
    };
    scatter(rows[0] as Int32Array, {
      values: own.values,
      expectedPurchases: own.expectedPurchases,
      expectedSpend: own.expectedSpend,
      probabilityAlive: ownAlive,
    });
    parts.forEach((p, k) => scatter(rows[k + 1] as Int32Array, p as PredictSliceResult));
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
