import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../src/cli/command.js';
import { cliEvaluator } from '../../src/cli/fitThreading.js';
import { betaGeoModel } from '../../src/models/betaGeo.js';
import { createRandom } from '../../src/models/simulate/random.js';

describe('the command line fits on every core (cliEvaluator)', () => {
  it('splits a 100,000-customer likelihood across the machine’s threads, with the same value', () => {
    const rng = createRandom(5);
    const n = 100_000;
    const T = Float64Array.from({ length: n }, () => 30 + rng.uniform() * 20);
    const frequency = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 4));
    const recency = Float64Array.from(frequency, (x, i) => (x === 0 ? 0 : (T[i] as number) * rng.uniform()));
    const data = betaGeoModel.prepare({ frequency, recency, T }, 'test');
    // --threads 1: one thread, nothing bound.
    expect(cliEvaluator({ threads: '1' }).bind(betaGeoModel, data)).toBeUndefined();
    const bound = cliEvaluator().bind(betaGeoModel, data);
    // One core: evaluated in place (nothing bound); more: bound, and the parts add up to the whole.
    if (availableParallelism() < 2) {
      expect(bound).toBeUndefined();
      return;
    }
    expect(bound).toBeDefined();
    try {
      const params = Float64Array.of(0.3, 4, 0.8, 2.5);
      const whole = betaGeoModel.logLikelihood(params, data);
      expect(Math.abs((bound?.logLikelihood(params) as number) / whole - 1)).toBeLessThan(1e-13);
    } finally {
      bound?.close();
    }
  });
});

describe('--threads', () => {
  it('takes a whole number from 1 to 64, and names the flag otherwise', () => {
    for (const bad of ['0', '65', '1.5', 'two', '', '-2'])
      expect(() => cliEvaluator({ threads: bad })).toThrow(
        new CliUsageError(`--threads: expected a whole number from 1 to 64, received '${bad}'`),
      );
    expect(cliEvaluator({ threads: '2' }).bind).toBeTypeOf('function');
  });
});
