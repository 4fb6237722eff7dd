/**
 * The rule that picks the recommended model, written once: rank by a holdout metric (default: per-customer MAE
 * of holdout purchases, as the issue and BTYDplus's demo), lower is better (for bias: lower |bias|; for Gini and
 * the log-likelihood: higher); values within a relative 1e-9 of each other tie, and ties go to the lower BIC.
 */
import { enumRule } from '../schemas/field.js';

/** Metrics a choice can rank by. */
export const CHOICE_METRICS = ['mae', 'rmse', 'msle', 'bias', 'gini', 'loglik', 'aic', 'bic'] as const;
/** A metric `evaluateModels` can rank models by: one of `CHOICE_METRICS`. */
export type ChoiceMetric = (typeof CHOICE_METRICS)[number];
/** The metric models are ranked by when none is given: per-customer MAE of holdout purchases. */
export const DEFAULT_CHOICE_METRIC: ChoiceMetric = 'mae';
export const choiceMetricRule = enumRule(CHOICE_METRICS);

/** What the rule reads of each model. */
export interface Candidate {
  readonly model: string;
  readonly bic: number;
  readonly aic: number;
  readonly logLikelihood: number;
  readonly purchases: {
    readonly mae: number;
    readonly rmse: number;
    readonly msle: number | null;
    readonly bias: number;
    readonly gini: number | null;
  };
}

const WORDS: Readonly<Record<ChoiceMetric, string>> = {
  mae: 'holdout MAE (mean absolute error of purchases per customer)',
  rmse: 'holdout RMSE (root mean squared error of purchases per customer)',
  msle: 'holdout MSLE (mean squared log error of purchases per customer)',
  bias: 'holdout |bias| (|Σ predicted / Σ actual − 1| of purchases)',
  gini: 'holdout normalized Gini of purchases (higher is better)',
  loglik: 'log-likelihood on the calibration data (higher is better)',
  aic: 'AIC on the calibration data',
  bic: 'BIC on the calibration data',
};

/** Metrics where higher is better: ranked on their negation. */
const HIGHER_IS_BETTER: readonly ChoiceMetric[] = ['gini', 'loglik'];

/** The value ranked, oriented so that lower is better (Gini and ln L negated); +∞ when undefined on these data. */
export function choiceValue(c: Candidate, metric: ChoiceMetric): number {
  const p = c.purchases;
  const v =
    metric === 'loglik'
      ? -c.logLikelihood
      : metric === 'aic'
        ? c.aic
        : metric === 'bic'
          ? c.bic
          : metric === 'bias'
            ? Math.abs(p.bias)
            : metric === 'gini'
              ? p.gini === null
                ? null
                : -p.gini
              : p[metric];
  return v === null ? Number.POSITIVE_INFINITY : v;
}

/** Equal within a relative 1e-9 (two undefined values, +∞, tie with each other only). */
const tie = (a: number, b: number) =>
  a === b ||
  (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));

/**
 * Orders candidates by the rule (best first) and says why the first won, naming the metric, its values and
 * whether BIC broke a tie.
 *
 * @example rankModels(candidates, 'mae').reason // "lowest holdout MAE …: betaGeo 0.612 vs paretoNbd 0.618, …"
 */
export function rankModels<C extends Candidate>(
  candidates: readonly C[],
  metric: ChoiceMetric,
): { readonly ranked: readonly C[]; readonly reason: string } {
  const ranked = [...candidates].sort((a, b) => {
    const va = choiceValue(a, metric);
    const vb = choiceValue(b, metric);
    return tie(va, vb) ? a.bic - b.bic : va < vb ? -1 : 1;
  });
  const best = ranked[0] as C;
  const shown = (c: C) => {
    const v = choiceValue(c, metric);
    return Number.isFinite(v)
      ? Number(
          (HIGHER_IS_BETTER.includes(metric) ? -v : v).toPrecision(metric === 'loglik' ? 6 : 4),
        ).toString()
      : 'undefined';
  };
  const list = ranked.map((c) => `${c.model} ${shown(c)}`).join(', ');
  const second = ranked[1];
  const tied = second !== undefined && tie(choiceValue(best, metric), choiceValue(second, metric));
  const how = HIGHER_IS_BETTER.includes(metric) ? 'highest' : 'lowest';
  const reason =
    ranked.length === 1
      ? `the only model fitted (${WORDS[metric]}: ${list})`
      : `${how} ${WORDS[metric]}: ${list}${tied ? `; tied with ${second.model}, broken by the lower BIC (${best.bic.toFixed(1)} vs ${second.bic.toFixed(1)})` : ''}`;
  return { ranked, reason };
}
