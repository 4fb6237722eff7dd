import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { betaGeoModel } from '../../src/models/betaGeo.js';
import { fitModel } from '../../src/models/fit/fitModel.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { paretoNbdModel } from '../../src/models/paretoNbd.js';
import { createRandom } from '../../src/models/simulate/random.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';
import { fitThreads } from '../../src/node/fitThreads.js';
import { messageOf } from '../messageOf.js';

/** n customers with ages from timestamps (no two share T), simulated from published CDNOW estimates. */
function continuousCustomers(model: 'betaGeo' | 'paretoNbd', n: number) {
  const params: Record<string, number> =
    model === 'betaGeo'
      ? { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
      : { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
  const rng = createRandom(3);
  const T = Float64Array.from({ length: n }, () => (273 + rng.uniform() * 84) / 7);
  const sim = simulateCustomers(fitFromParams({ model, params }), { T, seed: 17 });
  return { frequency: sim.frequency, recency: sim.recency, T: sim.T };
}

/** The relative difference of two numbers. */
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('fitThreads: the log-likelihood split across worker threads', () => {
  // 70,000 customers: above the 65,536 below which customers are always grouped, so both models go row by row.
  const pnbd = paretoNbdModel.prepare(continuousCustomers('paretoNbd', 70_000), 'test');
  const bg = betaGeoModel.prepare(continuousCustomers('betaGeo', 70_000), 'test');

  it('adds up to the single-threaded value and gradient (Pareto/NBD and BG/NBD, 3 threads)', async () => {
    for (const [definition, data, at] of [
      [paretoNbdModel, pnbd, [0.5, 9, 0.7, 12]],
      [betaGeoModel, bg, [0.3, 4, 0.8, 2.5]],
    ] as const) {
      const bound = fitThreads({ threads: 3, minRows: 1000 }).bind(definition as never, data as never);
      expect(bound).toBeDefined();
      try {
        // The workers load in the background (parts are evaluated here meanwhile): wait until both serve.
        const deadline = Date.now() + 20_000;
        while ((bound?.partsOnWorkers() ?? 0) < 2 && Date.now() < deadline) {
          bound?.logLikelihood(Float64Array.from(at));
          await new Promise((done) => setTimeout(done, 50));
        }
        expect(bound?.partsOnWorkers()).toBeGreaterThanOrEqual(1);
        const params = Float64Array.from(at);
        const gradParts = new Float64Array(4);
        const gradWhole = new Float64Array(4);
        const parts = bound?.logLikelihood(params, gradParts) as number;
        const whole = (definition.logLikelihood as (p: Float64Array, d: unknown, g: Float64Array) => number)(
          params,
          data,
          gradWhole,
        );
        expect(rel(parts, whole)).toBeLessThan(1e-13);
        for (let j = 0; j < 4; j++)
          expect(rel(gradParts[j] as number, gradWhole[j] as number)).toBeLessThan(1e-10);
        // Without a gradient: the value alone, the same.
        expect(rel(bound?.logLikelihood(params) as number, whole)).toBeLessThan(1e-13);
        // The same number, bit for bit, whoever took which chunk (ten evaluations, chunks taken as they come).
        const values = Array.from({ length: 10 }, () => bound?.logLikelihood(params) as number);
        expect(new Set(values).size).toBe(1);
        // … and that number is the chunks' values (32,768 rows each) added in chunk order, on any thread count.
        let inOrder = 0;
        for (let from = 0; from < 70_000; from += 32_768)
          inOrder += (definition.logLikelihood as (...a: unknown[]) => number)(
            params,
            data,
            undefined,
            from,
            Math.min(70_000, from + 32_768),
          );
        expect(values[0]).toBe(inOrder);
      } finally {
        bound?.close();
      }
    }
  });

  it('fits to the single-threaded estimate (BG/NBD, 2 threads)', () => {
    const single = fitModel(betaGeoModel, bg);
    const threaded = fitModel(betaGeoModel, bg, { evaluator: fitThreads({ threads: 2, minRows: 1000 }) });
    expect(rel(threaded.logLikelihood, single.logLikelihood)).toBeLessThan(1e-12);
    for (const name of betaGeoModel.paramNames)
      expect(rel(threaded.params[name] as number, single.params[name] as number)).toBeLessThan(1e-6);
    for (const name of betaGeoModel.paramNames)
      expect(
        rel(threaded.standardErrors[name] as number, single.standardErrors[name] as number),
      ).toBeLessThan(1e-4);
  });

  it('evaluates in place what does not pay or cannot be split', () => {
    const threads = fitThreads({ threads: 2, minRows: 100_000 });
    // Fewer rows than minRows.
    expect(threads.bind(betaGeoModel, bg)).toBeUndefined();
    // One thread.
    expect(fitThreads({ threads: 1, minRows: 1 }).bind(betaGeoModel, bg)).toBeUndefined();
    // The Pareto/NBD on grouped (keyed) customers sums only whole.
    const grouped = paretoNbdModel.prepare(
      { frequency: [0, 1, 2, 1], recency: [0, 3, 5, 3], T: [9, 9, 9, 9] },
      'test',
    );
    expect(grouped.grouped).toBe(true);
    expect(fitThreads({ threads: 2, minRows: 1 }).bind(paretoNbdModel, grouped)).toBeUndefined();
  });

  it('bind: what is not a model definition is named; a row count that is not a number is evaluated in place', () => {
    const threads = fitThreads({ threads: 2, minRows: 1 });
    for (const definition of [undefined, null, 5]) {
      expect(messageOf(() => threads.bind(definition as never, bg))).toBe(
        `fitThreads: invalid input — definition: expected a model's definition (as a fit passes it), received ${String(definition)}`,
      );
    }
    const throwing = {
      rowCount() {
        throw new Error('boom');
      },
    };
    expect(messageOf(() => threads.bind(throwing as never, bg))).toContain('(reading it threw: boom)');
    const odd = {
      rowCount: () => ({
        valueOf: () => {
          throw new Error('valueOf');
        },
      }),
    };
    expect(threads.bind(odd as never, bg)).toBeUndefined();
  });

  it('evaluates in place the parts of a worker that cannot evaluate (no registered model of that id)', async () => {
    const unknown = { ...betaGeoModel, model: 'notAModel' };
    const bound = fitThreads({ threads: 2, minRows: 1000 }).bind(unknown, bg);
    expect(bound).toBeDefined();
    try {
      const params = Float64Array.of(0.3, 4, 0.8, 2.5);
      const whole = betaGeoModel.logLikelihood(params, bg);
      // Before and after the worker has had time to load (and fail): the same value, from this thread.
      expect(rel(bound?.logLikelihood(params) as number, whole)).toBeLessThan(1e-13);
      await new Promise((done) => setTimeout(done, 1500));
      expect(rel(bound?.logLikelihood(params) as number, whole)).toBeLessThan(1e-13);
      expect(bound?.partsOnWorkers()).toBe(0);
    } finally {
      bound?.close();
    }
  });
});

describe('fitThreads as built (dist/node.js and dist/node.cjs start dist/fitThreadWorker.js)', () => {
  const dist = join(import.meta.dirname, '../../dist');
  const customers = continuousCustomers('betaGeo', 70_000);

  it('ESM and CJS: the workers serve, and the BG/NBD fit is the one-thread fit', async () => {
    const core = (await import(
      pathToFileURL(join(dist, 'index.js')).href
    )) as typeof import('../../src/index.js');
    const esm = (await import(pathToFileURL(join(dist, 'node.js')).href)) as {
      fitThreads: typeof fitThreads;
    };
    const cjs = createRequire(import.meta.url)(join(dist, 'node.cjs')) as { fitThreads: typeof fitThreads };
    const single = core.fitBetaGeo(customers);
    const data = betaGeoModel.prepare(customers, 'test');
    const params = Float64Array.of(0.3, 4, 0.8, 2.5);
    const whole = betaGeoModel.logLikelihood(params, data);
    for (const entry of [esm, cjs]) {
      // The built worker (dist/fitThreadWorker.js) loads and takes chunks: poll until it has served.
      const bound = entry.fitThreads({ threads: 2, minRows: 1000 }).bind(betaGeoModel, data);
      expect(bound).toBeDefined();
      try {
        const deadline = Date.now() + 20_000;
        while ((bound?.partsOnWorkers() ?? 0) === 0 && Date.now() < deadline) {
          expect(rel(bound?.logLikelihood(params) as number, whole)).toBeLessThan(1e-13);
          await new Promise((done) => setTimeout(done, 20));
        }
        expect(bound?.partsOnWorkers()).toBeGreaterThan(0);
      } finally {
        bound?.close();
      }
      const fit = core.fitBetaGeo(customers, { evaluator: entry.fitThreads({ threads: 2, minRows: 1000 }) });
      expect(rel(fit.logLikelihood, single.logLikelihood)).toBeLessThan(1e-12);
      for (const name of fit.paramNames)
        expect(rel(fit.params[name] as number, single.params[name] as number)).toBeLessThan(1e-6);
    }
  });
});
