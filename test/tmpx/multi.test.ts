import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as entry from '../../src/index.js';
import { functionsOf, judge, NUMBERS, TEMPLATES } from '../fuzz/corpus.js';

const SKIP = new Set([
  'Decimal',
  'ClvEngineError',
  'ClvError',
  'ClvFitError',
  'ClvValidationError',
  'LazyClvResult',
]);
const names = functionsOf(entry as Record<string, unknown>, SKIP);
const num = fc.oneof(
  fc.constantFrom(...NUMBERS.filter(Number.isFinite)),
  fc.double({ min: -1e20, max: 1e20, noNaN: true }),
  fc.integer({ min: 0, max: 100 }),
  fc.constantFrom(1e-200, 1e200, 1e-20, 1e20, 1e300, 1e-300),
);
const multi = fc
  .constantFrom(...TEMPLATES)
  .chain(
    (t) =>
      fc.record(
        Object.fromEntries(
          Object.entries(t).map(([k, v]) => [k, typeof v === 'number' ? num : fc.constant(v)]),
        ),
      ) as fc.Arbitrary<Record<string, unknown>>,
  );
const models = [
  'betaGeo',
  'modifiedBetaGeo',
  'paretoNbd',
  'betaGeoBetaBinom',
  'gammaGamma',
  'shiftedBetaGeometric',
] as const;
const fit = fc
  .tuple(
    fc.constantFrom(...models),
    fc.array(fc.constantFrom(1e-8, 1e-3, 0.5, 1, 3, 1e3, 1e8), { minLength: 4, maxLength: 4 }),
  )
  .map(([model, v]) => {
    const names = (entry as any).fitFromParams ? null : null;
    const p: Record<string, string[]> = {
      betaGeo: ['r', 'alpha', 'a', 'b'],
      modifiedBetaGeo: ['r', 'alpha', 'a', 'b'],
      paretoNbd: ['r', 'alpha', 's', 'beta'],
      betaGeoBetaBinom: ['alpha', 'beta', 'gamma', 'delta'],
      gammaGamma: ['p', 'q', 'gamma'],
      shiftedBetaGeometric: ['alpha', 'beta'],
    };
    try {
      return entry.fitFromParams({ model, params: Object.fromEntries(p[model]!.map((k, i) => [k, v[i]!])) });
    } catch {
      return null;
    }
  });
const val = fc.oneof(
  num,
  multi,
  fc.array(multi, { minLength: 1, maxLength: 3 }),
  fit,
  fc.record({ fit, customers: fc.array(multi, { minLength: 1, maxLength: 2 }) }),
);
describe('multi-field fuzz', () => {
  for (const name of names) {
    it(name, () => {
      const fn = (entry as any)[name];
      let failure = '';
      const d = fc.check(
        fc.property(fc.array(val, { minLength: 1, maxLength: Math.max(fn.length, 1) + 1 }), (args) => {
          const t0 = performance.now();
          const o = judge(fn, args);
          const dt = performance.now() - t0;
          if (!o.ok) failure = `${name}(${fc.stringify(args).slice(0, 400)}): ${o.what}`;
          if (dt > 2000) {
            failure = `SLOW ${dt.toFixed(0)} ms ${name}(${fc.stringify(args).slice(0, 400)})`;
            return false;
          }
          return o.ok;
        }),
        {
          seed: Number(process.env.FUZZ_SEED ?? 1),
          numRuns: Number(process.env.FUZZ_RUNS ?? 200),
          endOnFailure: true,
        },
      );
      expect(d.failed, failure).toBe(false);
    }, 120_000);
  }
});
