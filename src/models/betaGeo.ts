/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "'Counting your customers' the easy way: an alternative to the
 * Pareto/NBD model", Marketing Science 24(2), 275–284).
 *
 * While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase
 * they drop out with probability p ~ Beta(a, b). A customer is summarised by x repeat purchases, the age t_x
 * at the last one and the age T at the end of calibration (FHL 2005, eq. 6):
 *
 *   L(r, α, a, b | x, t_x, T) = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
 *                               + δ_{x>0} B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
 *
 * The MBG/NBD (see `modifiedBetaGeo.ts`) differs only in allowing a drop-out at time 0 too: in both, with
 * s = 0 (BG/NBD) or s = 1 (MBG/NBD) drop-out chances before the repeat purchases,
 *
 *   ln L = ln C − (r+x) ln(α+T) + ln(1 + [x+s>0] · a/(b+x+s−1) · ((α+T)/(α+t_x))^(r+x)),
 *   ln C = ln Γ(r+x) − ln Γ(r) + r ln α + ln Γ(b+x+s) − ln Γ(b) + ln Γ(a+b) − ln Γ(a+b+x+s),
 *
 * since B(a+1, b+x+s−1)/B(a, b+x+s) = a/(b+x+s−1).
 *
 * This file holds the family's model record (`betaGeoFamilyModel`) and the BG/NBD built from it; the likelihood
 * is in `betaGeo/likelihood.ts`, the closed forms in `betaGeo/predictions.ts`.
 */

import { betaGeoFamilyConditionalPmf } from './betaGeo/conditionalPmf.js';
import { betaGeoFamilyCustomerLogLikelihood } from './betaGeo/customerLogLikelihood.js';
import {
  betaGeoFamilyFuturePurchasePathSampler,
  betaGeoFamilyFuturePurchaseSampler,
} from './betaGeo/futurePurchaseDraws.js';
import { BETA_GEO_PARAMS, betaGeoFamilyLogLikelihood, betaGeoInitialParams } from './betaGeo/likelihood.js';
import {
  betaGeoFamilyExpectedPurchases,
  betaGeoFamilyExpectedPurchasesNewCustomer,
  betaGeoFamilyProbabilityAlive,
  betaGeoFamilyProbabilityOfPurchases,
  betaGeoParams,
} from './betaGeo/predictions.js';
import { betaGeoFamilyDiscountedResidualPurchases } from './betaGeo/residualPurchases.js';
import { betaGeoFamilyScaledPaths } from './betaGeo/scaledPaths.js';
import { type CustomersInput, customerColumns } from './data/customers.js';
import { sampleFitCustomers } from './data/everyNthCustomer.js';
import { type FitCustomers, fitCustomers } from './data/fitCustomers.js';
import type { Fit, FitOptions } from './fit/fitModel.js';
import { fitSpec } from './fit/fitSpec.js';
import type { ModelId, ModelSpec } from './model.js';
import { simulateBetaGeoFamilyCustomers } from './simulate/betaGeo.js';

/**
 * The model record of a BG-family model: BG/NBD when `shift` is 0, MBG/NBD when 1 (a customer may also drop out
 * at time 0). One likelihood, one set of closed forms, two names.
 */
export function betaGeoFamilyModel<M extends ModelId>(
  shift: 0 | 1,
  identity: {
    readonly model: M;
    readonly label: string;
    readonly aliases: readonly string[];
    readonly source: string;
  },
): ModelSpec<FitCustomers, M> {
  return {
    ...identity,
    paramNames: BETA_GEO_PARAMS,
    paramDescriptions: {
      r: 'shape of the purchase rate λ ~ Gamma(r, α)',
      alpha: 'scale of the purchase rate, in the time unit of the data',
      a: 'drop-out probability p ~ Beta(a, b): first shape',
      b: 'drop-out probability p ~ Beta(a, b): second shape',
    },
    dataKind: 'continuous',
    prepare: (data, where) => fitCustomers(customerColumns(data as CustomersInput, where)),
    logLikelihood: (params, data, grad, from, to) =>
      betaGeoFamilyLogLikelihood(shift, params, data, grad, from, to),
    rowCount: (data) => data.frequencyLevels.code.length,
    initialParams: betaGeoInitialParams,
    count: (data) => data.count,
    subsample: sampleFitCustomers,
    kernels: {
      probabilityAlive: (params, c) => betaGeoFamilyProbabilityAlive(shift, betaGeoParams(params), c),
      expectedPurchases: (params, t, c) => betaGeoFamilyExpectedPurchases(shift, betaGeoParams(params), t, c),
      expectedPurchasesNewCustomer: (params, t) =>
        betaGeoFamilyExpectedPurchasesNewCustomer(shift, betaGeoParams(params), t),
      probabilityOfPurchases: (params, n, t) =>
        betaGeoFamilyProbabilityOfPurchases(shift, betaGeoParams(params), n, t),
      conditionalProbabilityOfPurchases: (params, n, t, c) =>
        betaGeoFamilyConditionalPmf(shift, betaGeoParams(params), n, t, c),
      discountedExpectedResidualPurchases: (params, rate, c) =>
        betaGeoFamilyDiscountedResidualPurchases(shift, betaGeoParams(params), Math.log1p(rate), c),
      customerLogLikelihood: (params, c) =>
        betaGeoFamilyCustomerLogLikelihood(shift, betaGeoParams(params), c),
      futurePurchaseSampler: (params, t, c) =>
        betaGeoFamilyFuturePurchaseSampler(shift, betaGeoParams(params), t, c),
      futurePurchasePathSampler: (params, step, steps, c) =>
        betaGeoFamilyFuturePurchasePathSampler(shift, betaGeoParams(params), step, steps, c),
      futurePurchaseScaledPaths: (params, x) => betaGeoFamilyScaledPaths(shift, betaGeoParams(params), x),
    },
    simulate: (params, settings) => simulateBetaGeoFamilyCustomers(shift, betaGeoParams(params), settings),
  };
}

/** The BG/NBD (Fader, Hardie & Lee 2005): parameters r, α, a, b. */
export const betaGeoModel = betaGeoFamilyModel(0, {
  model: 'betaGeo',
  label: 'BG/NBD',
  aliases: ['bgnbd'],
  source:
    'Fader, Hardie & Lee (2005), "\'Counting your customers\' the easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)',
});

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood to customers `{ frequency, recency, T }`
 * (rows or columns; identical customers are grouped first when a sample shows that pays, so the cost grows with
 * distinct (x, t_x, T) — continuous-time ages, which never repeat, are fitted row by row; see `fitCustomers`).
 * Parameters r, α (in the customers' time unit), a, b. See `fitModel` for options, intervals and errors.
 *
 * @example
 * const fit = fitBetaGeo(cdnow); // CDNOW in weeks: r ≈ 0.243, alpha ≈ 4.414, a ≈ 0.793, b ≈ 2.426, LL ≈ −9582.4
 */
export function fitBetaGeo(customers: CustomersInput, options?: FitOptions): Fit<'betaGeo'> {
  return fitSpec(betaGeoModel, customers, 'fitBetaGeo', options);
}
