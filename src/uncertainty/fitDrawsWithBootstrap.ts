import type { NumericColumn } from '../models/data/columns.js';
import type { LifetimeValueInput } from '../models/lifetimeValue.js';
import { repeatSpenders } from '../models/repeatSpenders.js';
import { type DrawParametersOptions, drawParameters } from './libraryVerbs.js';
import type { FitWithCovariance, ParameterDraws } from './parameterDraws.js';
import { spendDrawSeed } from './predictiveLifetimeValue.js';

/** The fits' parameter draws that had to come from the bootstrap (each undefined when its covariance gave them). */
export interface BootstrappedFitDraws {
  readonly transactionDraws?: ParameterDraws;
  readonly spendDraws?: ParameterDraws;
}

/**
 * The bootstrap fallback of a CLV input's two fits (`clvkit predict --bootstrap-fallback`, the report's
 * `intervalBootstrap`): a fit with a covariance that gives no asymptotic draws (not positive definite) gets
 * `drawParameters`' bootstrap instead — the transaction fit over the customers, the spend fit over the repeat
 * spenders it was fitted on (`repeatSpenders` of the same customers) — with the seeds
 * `predictiveLifetimeValueOfFits` uses (`seed`, `spendDrawSeed(seed)`). Draws are returned only when they are a
 * bootstrap's: otherwise the engine draws the same asymptotic ones itself, and a fit without a covariance stays
 * a fit taken as known.
 *
 * @example
 * const boot = fitDrawsWithBootstrap({ transactionModel: degenerateBg, spendModel: gg, customers }, { draws: 200, seed: 1 });
 * predictiveLifetimeValueOfFits(MODELS, input, { draws: 200, seed: 1, quantiles: [0.05, 0.95], ...boot });
 */
export function fitDrawsWithBootstrap(
  input: LifetimeValueInput,
  options: { readonly draws: number; readonly seed: number },
): BootstrappedFitDraws {
  const { draws, seed } = options;
  const customers = input.customers as {
    frequency: NumericColumn;
    recency: NumericColumn;
    T: NumericColumn;
    monetaryValue: NumericColumn;
    weights?: NumericColumn;
  };
  const bootstrapOf = (
    fit: unknown,
    drawSeed: number,
    data: () => DrawParametersOptions['bootstrapCustomers'],
  ): ParameterDraws | undefined => {
    const f = fit as FitWithCovariance | undefined;
    if (f?.covariance === undefined) return undefined;
    const d = drawParameters(f, { draws, seed: drawSeed, bootstrapCustomers: data() });
    return d.method === 'bootstrap' ? d : undefined;
  };
  const transactionDraws = bootstrapOf(input.transactionModel, seed, () => ({
    frequency: customers.frequency,
    recency: customers.recency,
    T: customers.T,
    ...(customers.weights === undefined ? {} : { weights: customers.weights }),
  }));
  const spendDraws = bootstrapOf(input.spendModel, spendDrawSeed(seed), () => {
    const p = repeatSpenders(customers);
    return {
      frequency: p.frequency,
      monetaryValue: p.monetaryValue,
      ...(p.weights === undefined ? {} : { weights: p.weights }),
    };
  });
  return {
    ...(transactionDraws === undefined ? {} : { transactionDraws }),
    ...(spendDraws === undefined ? {} : { spendDraws }),
  };
}
