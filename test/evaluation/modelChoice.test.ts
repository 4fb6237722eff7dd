import { describe, expect, it } from 'vitest';
import { type Candidate, rankModels } from '../../src/evaluation/modelChoice.js';

const candidate = (model: string, mae: number, bic: number, gini: number | null = 0.5): Candidate => ({
  model,
  bic,
  aic: bic - 10,
  // k = 4 parameters, n = e^5 customers: BIC = 4·5 − 2 ln L.
  logLikelihood: (20 - bic) / 2,
  purchases: { mae, rmse: mae * 2, msle: mae / 3, bias: mae - 1, gini },
});

describe('the choice rule', () => {
  it('ranks by holdout MAE, lowest first, and names every value', () => {
    const { ranked, reason } = rankModels(
      [candidate('a', 0.8, 100), candidate('b', 0.7, 200), candidate('c', 0.9, 50)],
      'mae',
    );
    expect(ranked.map((c) => c.model)).toEqual(['b', 'a', 'c']);
    expect(reason).toBe(
      'lowest holdout MAE (mean absolute error of purchases per customer): b 0.7, a 0.8, c 0.9',
    );
  });
  it('breaks a tie (within 1e-9 relative) by the lower BIC and says so', () => {
    const { ranked, reason } = rankModels(
      [candidate('a', 0.75, 120.5), candidate('b', 0.75 * (1 + 1e-12), 100.25)],
      'mae',
    );
    expect(ranked.map((c) => c.model)).toEqual(['b', 'a']);
    expect(reason).toMatch(/tied with a, broken by the lower BIC \(100\.3 vs 120\.5\)$/);
  });
  it('bias by its absolute value; Gini highest first, undefined Gini last', () => {
    expect(rankModels([candidate('a', 0.7, 1), candidate('b', 1.2, 1)], 'bias').ranked[0]?.model).toBe('b'); // |0.2| < |−0.3|
    const g = rankModels(
      [candidate('a', 1, 1, 0.6), candidate('b', 1, 1, null), candidate('c', 1, 1, 0.7)],
      'gini',
    );
    expect(g.ranked.map((c) => c.model)).toEqual(['c', 'a', 'b']);
    expect(g.reason).toBe(
      'highest holdout normalized Gini of purchases (higher is better): c 0.7, a 0.6, b undefined',
    );
  });
  it('the log-likelihood highest first (the lowest BIC, at equal parameter counts), named to six figures', () => {
    const l = rankModels([candidate('a', 1, 19220.5), candidate('b', 1, 19195.25)], 'loglik');
    expect(l.ranked.map((c) => c.model)).toEqual(['b', 'a']);
    expect(l.reason).toBe(
      'highest log-likelihood on the calibration data (higher is better): b -9587.63, a -9600.25',
    );
  });
  it('a single model is chosen as the only one fitted', () => {
    expect(rankModels([candidate('a', 1, 1)], 'bic').reason).toBe(
      'the only model fitted (BIC on the calibration data: a 1)',
    );
  });
});
