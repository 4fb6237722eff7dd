/**
 * The MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and comparison of models for
 * customer base analysis", International Journal of Research in Marketing 24(3), 201–209).
 *
 * As the BG/NBD, but a customer may also drop out at time 0, right after the first purchase — so customers
 * with no repeat purchase can be inactive, removing the BG/NBD's "x = 0 means certainly alive" artefact:
 *
 *   L(r, α, a, b | x, t_x, T) = B(a, b+x+1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
 *                               + B(a+1, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
 *
 * The likelihood, gradient and predictions are the BG family's with s = 1 (see `betaGeo.ts`).
 */
import { betaGeoFamilyModel } from './betaGeo.js';
import type { CustomersInput } from './data/customers.js';
import type { Fit, FitOptions } from './fit/fitModel.js';
import { fitSpec } from './fit/fitSpec.js';

/** The MBG/NBD (Batislam, Denizel & Filiztekin 2007): parameters r, α, a, b as in the BG/NBD. */
export const modifiedBetaGeoModel = betaGeoFamilyModel(1, {
  model: 'modifiedBetaGeo',
  label: 'MBG/NBD',
  aliases: ['mbgnbd'],
  source:
    'Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for customer base analysis", IJRM 24(3)',
});

/**
 * Fits the MBG/NBD model (Batislam, Denizel & Filiztekin 2007) to customers `{ frequency, recency, T }`.
 * Parameters r, α, a, b as in the BG/NBD. See `fitModel` for options, intervals and errors.
 *
 * @example const fit = fitModifiedBetaGeo(cdnow); fit.params.r // ≈ 0.525 on CDNOW (weeks)
 */
export function fitModifiedBetaGeo(customers: CustomersInput, options?: FitOptions): Fit<'modifiedBetaGeo'> {
  return fitSpec(modifiedBetaGeoModel, customers, 'fitModifiedBetaGeo', options);
}
