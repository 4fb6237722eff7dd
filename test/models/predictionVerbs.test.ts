/**
 * The verbs over a list of models (src/models/predictionVerbs.ts, model CLV and its intervals likewise): the same
 * figures as the library's verbs for a model in the list, and a fit of a model outside it refused as unknown,
 * naming the models of the list. The spreadsheet functions run them over SHEET_MODELS.
 */
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitGammaGamma } from '../../src/models/gammaGamma.js';
import { predictCustomerLifetimeValueWith } from '../../src/models/lifetimeValue.js';
import {
  expectedPurchases as libraryExpectedPurchases,
  predictCustomerLifetimeValue,
  probabilityAlive,
} from '../../src/models/predict.js';
import { expectedPurchasesWith, probabilityAliveWith } from '../../src/models/predictionVerbs.js';
import { MODELS } from '../../src/models/registry.js';
import { repeatSpenders } from '../../src/models/repeatSpenders.js';
import { SHEET_MODELS } from '../../src/sheets/models.js';
import { loadCdnowSummary, loadCdnowWithSpend } from './cdnow.js';

/** BG/NBD at the published CDNOW parameters (Fader, Hardie & Lee 2005). */
const published = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
const pareto = { model: 'paretoNbd', params: { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 } };
const one = { frequency: [2], recency: [30.43], T: [38.86] };

function issueOf(run: () => unknown) {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return (e as ClvValidationError).issues[0];
  }
  throw new Error('expected a ClvValidationError');
}

describe('the verbs over a list of models', () => {
  it('E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 over the spreadsheet models, as over the registry (FHL 2005, §5)', () => {
    const sheets = expectedPurchasesWith(SHEET_MODELS, published, 39, one)[0] as number;
    expect(sheets).toBeCloseTo(1.226, 3);
    expect(sheets).toBe(libraryExpectedPurchases(published, 39, one)[0]);
  });

  it('P(alive) on CDNOW over [BG/NBD] is the library’s, customer by customer', () => {
    const cdnow = loadCdnowSummary();
    const fit = fitBetaGeo(cdnow);
    expect(probabilityAliveWith(SHEET_MODELS, fit, cdnow)).toEqual(probabilityAlive(fit, cdnow));
  });

  it('a Pareto/NBD fit is refused over the spreadsheet models, naming the one that defines the verb; accepted over the registry', () => {
    const issue = issueOf(() => probabilityAliveWith(SHEET_MODELS, pareto, one));
    expect(issue?.path).toBe('fit.model');
    expect(issue?.expected).toBe('a model that defines probabilityAlive: betaGeo (BG/NBD)');
    expect(issue?.received).toBe('"paretoNbd"');
    const p = probabilityAliveWith(MODELS, pareto, one)[0] as number;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it('model CLV over the spreadsheet models is the library’s on CDNOW (12 monthly steps, 1 % a step)', () => {
    const customers = loadCdnowWithSpend();
    const input = {
      transactionModel: fitBetaGeo(customers),
      spendModel: fitGammaGamma(repeatSpenders(customers)),
      customers,
      timeUnit: 'week' as const,
    };
    const sheets = predictCustomerLifetimeValueWith(SHEET_MODELS, input);
    expect(sheets.values).toEqual(predictCustomerLifetimeValue(input).values);
    expect(sheets.step).toBeCloseTo(365.25 / 12 / 7, 12);
    const gammaOnly = [SHEET_MODELS[1]] as typeof SHEET_MODELS;
    expect(issueOf(() => predictCustomerLifetimeValueWith(gammaOnly, input))?.path).toBe('fit.model');
  });
});
