/**
 * The seeded fuzz corpus every entry point is called with (junk and exotic values: non-finite and huge numbers,
 * number-like text, Proxies and getters that throw, objects posing as Decimals or Dates, Dates from another realm,
 * near-valid inputs with one field spoiled), and the judge of one call: a value with no NaN or Infinity anywhere
 * (Decimals included), or a thrown `ClvError` subclass. `fuzzEntry` runs them over one entry's functions.
 */
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors.js';
import { Decimal } from '../../src/money.js';

const realm = runInNewContext(
  '({ date: new Date(Date.UTC(2024, 0, 15)), array: [1, 2], object: { amount: 1 } })',
) as { date: Date; array: unknown[]; object: object };

const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error('trap: get');
    },
    ownKeys() {
      throw new Error('trap: ownKeys');
    },
    has() {
      throw new Error('trap: has');
    },
    getPrototypeOf() {
      throw new Error('trap: getPrototypeOf');
    },
  },
);
const throwingGetter = Object.defineProperty({}, 'amount', {
  enumerable: true,
  get() {
    throw new Error('getter');
  },
});
const throwingToString = {
  toString() {
    throw new Error('toString');
  },
  valueOf() {
    throw new Error('valueOf');
  },
};
class DateChild extends Date {}
/** An array whose elements throw when read (its length reads). */
const arrayProxy = new Proxy([1, 2, 3], {
  get(target, key) {
    if (typeof key === 'string' && /^\d+$/.test(key)) throw new Error('trap: element');
    return Reflect.get(target, key);
  },
});
const fakeDecimal = { d: [5], e: 0, s: 1, constructor: { isDecimal: true }, toString: () => '5' };
const decimalProxy = new Proxy(new Decimal(7), {
  get(target, key) {
    if (key === 'd') throw new Error('trap: d');
    return Reflect.get(target, key);
  },
});

/**
 * A stand-in for an exotic value while fast-check generates and prints the corpus (it probes values, which
 * a throwing Proxy would not survive); `materialize` swaps in the real value just before the call.
 */
export class Exotic {
  constructor(readonly index: number) {}
  toString() {
    return `EXOTIC[${this.index}]`;
  }
}

/** The corpus value with every `Exotic` stand-in replaced by its real value. */
export function materialize(x: unknown): unknown {
  if (x instanceof Exotic) return EXOTIC[x.index];
  if (Array.isArray(x)) return x.map(materialize);
  if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype)
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, materialize(v)]));
  return x;
}

export const EXOTIC: unknown[] = [
  throwingProxy,
  throwingGetter,
  throwingToString,
  Object.create(Date.prototype),
  Object.create(new Date(0)),
  realm.date,
  realm.array,
  realm.object,
  new DateChild(Date.UTC(2024, 1, 1)),
  new Date(Number.NaN),
  fakeDecimal,
  decimalProxy,
  Object.create(Decimal.prototype),
  new Decimal('1e14'),
  new Decimal(Number.NaN),
  new Decimal('1e9000000000000001'),
  Symbol('s'),
  10n,
  () => 1,
  // Containers that are not what they seem: null-prototype, sparse, frozen, boxed, thenable, Map, typed.
  Object.assign(Object.create(null), { amount: 1, customerId: 'a', date: '2024-01-01' }),
  // biome-ignore lint/suspicious/noSparseArray: a hole in the caller's array is input the fuzz must hold
  [1, , 3],
  new Array(3),
  Object.freeze({ frequency: 1, recency: 1, T: 2 }),
  new Number(5),
  new String('12.5'),
  { valueOf: () => 5, toString: () => '5' },
  // biome-ignore lint/suspicious/noThenProperty: a thenable is input the fuzz must hold
  { then: (resolve: (v: unknown) => void) => resolve(1) },
  new Map([['amount', 1]]),
  Float64Array.of(Number.NaN, 1),
  Int32Array.of(-1, 2),
  arrayProxy,
  new Decimal('1e-9000000000000000'),
  '\uD800',
  'x'.repeat(100_000),
];

export const NUMBER_TEXT = [
  '1e9000000000000001',
  '1e100000000',
  '1e-400',
  '0x10',
  '0b11',
  'Infinity',
  'NaN',
  '',
  ' 12.5 ',
  '1,234.50',
  '2024-01-01',
  '9999-12-31',
  '0001-01-01',
  'total',
  'average',
  'betaGeo',
  'day',
  'week',
  'postgres',
  '1e309',
  '-0',
  '+5',
  '\u00a0',
  '5e-324',
  '12,50',
  '$12.50',
];
export const NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -Number.POSITIVE_INFINITY,
  1e308,
  -1e308,
  1e15,
  1e-300,
  5e-324,
  -0,
  2 ** 53,
  0.5,
  1,
  2,
  3,
  10,
  100,
];

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.double(),
  fc.integer({ min: -3, max: 60 }),
  fc.constantFrom(...NUMBER_TEXT),
  fc.string({ maxLength: 5 }),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.integer({ min: 0, max: EXOTIC.length - 1 }).map((i) => new Exotic(i)),
);

/** Field names the library reads, so that objects reach past the first check. */
export const KEYS = [
  'averagePurchaseValue',
  'purchaseFrequency',
  'churnRate',
  'retentionRate',
  'lifespan',
  'grossMargin',
  'discountRate',
  'horizon',
  'acquisitionCost',
  'customerId',
  'date',
  'amount',
  'daysSinceLastPurchase',
  'orderCount',
  'totalSpend',
  'averageOrderValue',
  'frequency',
  'recency',
  'T',
  'monetaryValue',
  'startCount',
  'endCount',
  'newCount',
  'model',
  'params',
  'bins',
  'lift',
  'seed',
  'observationEnd',
  'timeUnit',
  'label',
  'value',
  'text',
  'name',
  'values',
  'x',
  'y',
  'edges',
  'counts',
  'decile',
  'meanPredicted',
  'meanActual',
];

/** Valid inputs of the main families, one field of which the fuzz spoils. */
export const TEMPLATES: Record<string, unknown>[] = [
  { averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 },
  { customerId: 'a', date: '2024-01-01', amount: 10 },
  { customerId: 'a', daysSinceLastPurchase: 3, orderCount: 2, totalSpend: 20, averageOrderValue: 10 },
  { frequency: 2, recency: 10, T: 30, monetaryValue: 12 },
  { startCount: 100, endCount: 90, newCount: 10 },
  { model: 'betaGeo', params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, timeUnit: 'week' },
  { model: 'paretoNbd', params: { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 } },
  { model: 'betaGeoBetaBinom', params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 } },
  { model: 'gammaGamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } },
  // The sBG's parameters as they are passed alone, and options objects of the verbs that take one.
  { alpha: 0.704, beta: 1.182 },
  { discountRate: 0.1, renewals: 2 },
  { customers: 10, periods: 5, seed: 1 },
  // The report's chart data: a bar, a series, a point, a histogram, a decile.
  { label: 'Champions', value: 0.4, text: '40%' },
  { name: 'actual', values: [3, 9] },
  { x: 0.2, y: 0.6 },
  { edges: [0, 10, 20], counts: [7, 3] },
  { decile: 1, meanPredicted: 2.5, meanActual: 2.1 },
];
const spoiled: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.constantFrom(...KEYS), scalar)
  .map(([t, k, v]) => ({ ...t, [k]: v }));

/** Finite numbers from tiny to huge, so that several fields can be extreme together (a sum or product overflows). */
const extreme: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...NUMBERS.filter(Number.isFinite), 1e-200, 1e-20, 1e-8, 1e8, 1e20, 1e200, 1e300),
  fc.double({ min: -1e20, max: 1e20, noNaN: true }),
  fc.integer({ min: 0, max: 100 }),
);
/** A template whose every number, nested ones (a fit's parameters) included, is drawn again from `extreme`. */
function redrawn(x: unknown): fc.Arbitrary<unknown> {
  if (typeof x === 'number') return extreme;
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return fc.constant(x);
  return fc.record(Object.fromEntries(Object.entries(x).map(([k, v]) => [k, redrawn(v)])));
}
const extremeTemplate: fc.Arbitrary<unknown> = fc.constantFrom(...TEMPLATES).chain(redrawn);

export const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    scalar,
    spoiled,
    extremeTemplate,
    fc.constantFrom(...TEMPLATES),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
    fc.float64Array({ maxLength: 4 }),
  ),
}));

/** Paths of every NaN or Infinity in a result (numbers, Decimals, typed arrays, arrays, objects, toJSON). */
export function nonFinite(x: unknown, path = 'result', seen = new Set<unknown>(), depth = 0): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [`${path} = ${x}`];
  if (x === null || typeof x !== 'object' || seen.has(x) || depth > 8) return [];
  seen.add(x);
  if (Decimal.isDecimal(x)) return (x as Decimal).isFinite() ? [] : [`${path} = ${String(x)}`];
  if (x instanceof Date) return [];
  if (ArrayBuffer.isView(x)) {
    const a = x as unknown as ArrayLike<number | bigint>;
    const bad: string[] = [];
    for (let i = 0; i < Math.min(a.length, 100_000); i++)
      if (typeof a[i] === 'number' && !Number.isFinite(a[i] as number)) bad.push(`${path}[${i}] = ${a[i]}`);
    return bad;
  }
  if (x instanceof Map)
    return [...x.entries()].flatMap(([k, v]) => nonFinite(v, `${path}.get(${String(k)})`, seen, depth + 1));
  if (Array.isArray(x))
    return x.slice(0, 10_000).flatMap((v, i) => nonFinite(v, `${path}[${i}]`, seen, depth + 1));
  const toJSON = (x as { toJSON?: () => unknown }).toJSON;
  const own = Object.entries(x).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`, seen, depth + 1));
  return typeof toJSON === 'function'
    ? [...own, ...nonFinite(toJSON.call(x), `${path}.toJSON()`, seen, depth + 1)]
    : own;
}

export interface Outcome {
  readonly ok: boolean;
  readonly what: string;
}

/**
 * Runs one call and judges it: a finite result or a ClvError (`errorClass`: the ClvError class of the entry's
 * copy of the core). Generators are drained (50 items at most).
 */
export function judge(
  fn: (...args: unknown[]) => unknown,
  args: unknown[],
  errorClass: abstract new (...a: never[]) => Error = ClvError,
): Outcome {
  try {
    let result = fn(...args);
    if (
      result !== null &&
      typeof result === 'object' &&
      typeof (result as Iterator<unknown>).next === 'function' &&
      Symbol.iterator in result
    ) {
      const items: unknown[] = [];
      for (const item of result as Iterable<unknown>) {
        items.push(item);
        if (items.length >= 50) break;
      }
      result = items;
    }
    const bad = nonFinite(result);
    return bad.length === 0
      ? { ok: true, what: 'finite' }
      : { ok: false, what: `non-finite: ${bad.slice(0, 3).join(', ')}` };
  } catch (e) {
    if (e instanceof errorClass) return { ok: true, what: 'ClvError' };
    const name = (e as Error)?.name ?? typeof e;
    return { ok: false, what: `${name}: ${String((e as Error)?.message ?? e).slice(0, 160)}` };
  }
}

/** `x` with every number in it (nested ones too) replaced by `v`. */
function everyNumber(x: unknown, v: number): unknown {
  if (typeof x === 'number') return v;
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
  return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, everyNumber(y, v)]));
}

/** Calls every entry point meets first, whatever the seed: the exotic values alone, in each position. */
export const PROBES: unknown[][] = [
  [],
  [undefined, undefined, undefined],
  [null, null],
  ...EXOTIC.flatMap((x) => [[x], [x, x], [[], x], [TEMPLATES[0], x], [[x]], [[TEMPLATES[2], x]]]),
  ...TEMPLATES.map((t) => [Object.fromEntries(Object.keys(t).map((k) => [k, throwingProxy]))]),
  // A valid first argument (a fit, a row, an options object) and an exotic second: the verbs that take a fit
  // and an input or options object read the second only once the first has passed.
  ...TEMPLATES.flatMap((t) => EXOTIC.map((x) => [t, x])),
  // A fit and options whose list field is exotic (simulateCustomers' T, the tracking curve's times).
  ...TEMPLATES.slice(5, 10).flatMap((t) =>
    EXOTIC.flatMap((x) => [
      [t, { T: x, customers: 3, seed: 1 }],
      [t, { T: [1, x], seed: 1 }],
      [t, { times: x, ages: [1] }],
    ]),
  ),
  // And the other way round: an exotic first argument after options that pass (empty, or a template).
  ...EXOTIC.flatMap((x) => [[x, {}], ...TEMPLATES.map((t) => [x, t])]),
  // Fits and parameters at the ends of float64 (every number tiny or huge): (β + t) − 1 is 0 for β = 1e-300.
  ...[5e-324, 1e-300, 1e300].flatMap((v) => TEMPLATES.slice(5, 10).map((t) => [everyNumber(t, v), 3])),
  // Finite but huge statistics: sums of squares and products overflow float64.
  [Float64Array.of(1e300, -1e300), Float64Array.of(-1e300, 1e300)],
  [
    [1e300, -1e300],
    [-1e300, 1e300],
  ],
];

/** The first failing probe of `fn`, or undefined. */
export function failingProbe(
  name: string,
  fn: (...args: unknown[]) => unknown,
  errorClass: abstract new (...a: never[]) => Error = ClvError,
): string | undefined {
  for (const args of PROBES) {
    const outcome = judge(fn, args, errorClass);
    if (!outcome.ok) return `${name}(probe ${PROBES.indexOf(args)}): ${outcome.what}`;
  }
  return undefined;
}

/** Runs per entry point; the seed fixes the corpus. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
export const SEED = Number(process.env.FUZZ_SEED ?? 20261204);

/** An entry's exported functions, by name, sorted; `skip`: exports that are not entry points of the contract. */
export function functionsOf(entry: Record<string, unknown>, skip: ReadonlySet<string> = new Set()): string[] {
  return Object.keys(entry)
    .filter((k) => typeof entry[k] === 'function' && !skip.has(k))
    .sort();
}

/**
 * One test per function of `entry`: the probes first, then `RUNS` seeded calls of up to arity + 1 corpus values.
 * `errorClass`: the ClvError class the entry's errors must be instances of (the package's, for a built entry).
 */
export function fuzzEntry(
  label: string,
  entry: Record<string, unknown>,
  names: readonly string[],
  errorClass: abstract new (...a: never[]) => Error = ClvError,
): void {
  describe(`fuzz: every public function of ${label}`, () => {
    for (const name of names) {
      it(`${name}: returns finite values or throws a ClvError`, () => {
        const fn = entry[name] as (...args: unknown[]) => unknown;
        const arity = Math.max(fn.length, 1);
        const probe = failingProbe(name, fn, errorClass);
        if (probe !== undefined) throw new Error(probe);
        let failure: string | undefined;
        const details = fc.check(
          fc.property(fc.array(value, { minLength: 0, maxLength: arity + 1 }), (args) => {
            const outcome = judge(fn, materialize(args) as unknown[], errorClass);
            if (!outcome.ok) failure = `${name}(${fc.stringify(args).slice(0, 300)}): ${outcome.what}`;
            return outcome.ok;
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
        expect(details.failed, failure).toBe(false);
      });
    }
  });
}
