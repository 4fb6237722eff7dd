import * as z from 'zod/mini';
import { ClvFitError, ClvValidationError, makeIssue } from '../../errors.js';
import { numberSchema } from '../../schemas/field.js';
import { parseInput } from '../../schemas/parse.js';
import { type TimeUnit, timeUnitRule } from '../../transactions/calendar.js';
import { createRandom } from '../simulate/random.js';
import { bfgs, type MinimizeResult } from './bfgs.js';
import { invertSpd, numericalHessian } from './covariance.js';
import { type LikelihoodEvaluator, LikelihoodEvaluatorSchema } from './likelihoodEvaluator.js';
import type { Objective } from './lineSearch.js';
import type { ModelDefinition } from './modelDefinition.js';
import { nelderMead } from './nelderMead.js';

/** Options of every model fit. */
export interface FitOptions {
  /**
   * L2 penalty c ≥ 0 (default 0), as lifetimes' `penalizer_coef`: the optimiser minimises
   *   −(1/N) Σ_i w_i ln L_i(θ) + c · Σ_j θ_j²
   * over natural parameters θ (N = number of customers). Shrinks large parameters towards 0.
   */
  penalizer?: number;
  /**
   * Iteration limit per start (default 200): BFGS's, and twice the parameter count times it for the Nelder–Mead
   * fallback (1,600 simplex steps for four parameters at the default), so that a small limit bounds the whole fit.
   */
  maxIterations?: number;
  /** Convergence: largest |∂f/∂ln θ_j| of the per-customer objective above (default 1e-8). */
  tolerance?: number;
  /** Extra starts from randomly perturbed (seeded, reproducible) starting points; the best fit wins (default 0). */
  restarts?: number;
  /** Starting values by parameter name, overriding the model's own; the rest keep the model's. */
  initialParams?: Record<string, number>;
  /**
   * Called after every evaluation of the likelihood over all the customers (optimiser steps, line searches, the
   * Hessian's differences; not the warm start's sample) with their running count and the log-likelihood there:
   * for progress displays. Must not throw.
   */
  onEvaluation?: (evaluation: number, logLikelihood: number) => void;
  /**
   * How the log-likelihood over every customer is evaluated (default: in place, on this thread). The Node
   * entry's `fitThreads()` splits it across worker threads on large data; the estimate is the same.
   */
  evaluator?: LikelihoodEvaluator;
  /**
   * The unit of the data's times (recency, T), recorded in the fit so that predictions, CLV and fit files use
   * the same unit. Taken from the data when it carries one (summaries do); giving a different one is an error.
   */
  timeUnit?: TimeUnit;
}

/** A fitted model: frozen, every number finite. */
export interface Fit<M extends string = string> {
  readonly model: M;
  readonly label: string;
  /** Maximum-likelihood estimates (natural scale). */
  readonly params: Readonly<Record<string, number>>;
  /** Σ_i w_i ln L_i at `params` (without the penalty). */
  readonly logLikelihood: number;
  /** Natural-scale standard errors, by the delta method from the log scale: se(θ) = θ · se(ln θ). */
  readonly standardErrors: Readonly<Record<string, number>>;
  /** 95% intervals built on the log scale and exponentiated: θ · exp(∓1.96 · se(ln θ)) — always positive. */
  readonly confidenceIntervals: Readonly<Record<string, readonly [number, number]>>;
  /**
   * True when the gradient met `tolerance` (or BFGS stalled at machine precision with a gradient ≤ √tolerance);
   * false when only a looser 1e-4 was met (usable but imprecise). Worse than that throws ClvFitError.
   */
  readonly converged: boolean;
  readonly iterations: number;
  /** Largest |∂f/∂ln θ_j| at the estimate, f the per-customer objective. */
  readonly gradientNorm: number;
  /** Number of customers (sum of weights). */
  readonly n: number;
  /** 2k − 2 ln L. */
  readonly aic: number;
  /** k ln n − 2 ln L. */
  readonly bic: number;
  /** Parameter order of `covariance`. */
  readonly paramNames: readonly string[];
  /** Natural-scale covariance matrix of the estimates (inverse observed information, delta method). */
  readonly covariance: readonly (readonly number[])[];
  /** The penalizer used. */
  readonly penalizer: number;
  /** The unit of the times in the data the model was fitted on, when known (see `FitOptions.timeUnit`). */
  readonly timeUnit?: TimeUnit;
}

const FitOptionsSchema = z.strictObject({
  penalizer: z.optional(numberSchema({ min: 0 })),
  maxIterations: z.optional(numberSchema({ min: 1 }, true)),
  tolerance: z.optional(numberSchema({ min: 0, minExclusive: true })),
  restarts: z.optional(numberSchema({ min: 0, max: 1000 }, true)),
  initialParams: z.optional(z.record(z.string(), numberSchema({ min: 0, minExclusive: true }))),
  onEvaluation: z.optional(
    z.custom<(evaluation: number, logLikelihood: number) => void>((v) => typeof v === 'function', {
      message: 'expected a function (evaluation, logLikelihood) => void',
    }),
  ),
  evaluator: z.optional(LikelihoodEvaluatorSchema),
  timeUnit: z.optional(
    z.pipe(
      z.custom<TimeUnit>((v) => timeUnitRule.convert(v) !== undefined, {
        message: `expected ${timeUnitRule.expected}`,
      }),
      z.transform((v: TimeUnit) => timeUnitRule.convert(v) as TimeUnit),
    ),
  ),
});

/** |ln θ| beyond this (θ outside about 1e-17..1e17) is treated as outside the model. */
const LOG_PARAM_LIMIT = 40;
/** ln 10⁵: a 95 % interval wider than 10⁵ times the estimate on either side means the parameter is not identified. */
const UNIDENTIFIED_LOG_SPAN = Math.log(1e5);
/** A fit whose gradient only reaches this is returned with converged: false; beyond it, ClvFitError. */
const LOOSE_TOLERANCE = 1e-4;
const Z95 = 1.959963984540054;

/**
 * Whether a search that did not converge ran away: some parameter more than 10⁵ times beyond its start (the
 * starting values come from the data) either way. The data do not place the parameters then: the likelihood keeps
 * rising along a ridge (one customer of the Pareto/NBD: r and α grow together past 10⁹), and searching on from
 * there only spends evaluations where each is dearest (minutes for one customer).
 */
function ranAway(u: Float64Array, u0: Float64Array): number {
  for (let j = 0; j < u.length; j++)
    if (Math.abs((u[j] as number) - (u0[j] as number)) > UNIDENTIFIED_LOG_SPAN) return j;
  return -1;
}

/**
 * Fits any model described by a `ModelDefinition` by maximum likelihood — the one optimiser of the library.
 *
 * - Works on u = ln θ (all parameters are positive), with the chain rule ∂f/∂u_j = θ_j ∂f/∂θ_j.
 * - Minimises f(u) = −(1/N) Σ_i w_i ln L_i(θ) + c Σ_j θ_j² (see `FitOptions.penalizer`) by BFGS with a
 *   strong-Wolfe line search; if BFGS does not converge, Nelder–Mead from its best point, then BFGS again.
 *   `restarts` adds seeded random starts (ln θ₀ + N(0, 1)); the lowest f wins.
 * - On large data (200,000 customers or more, for models with `subsample`) BFGS starts warm: from the
 *   estimate on a systematic sample of ~50,000 customers, with the inverse of the sample's Hessian as its
 *   first inverse-Hessian approximation (`warmStart`) — the same optimum in a third of the evaluations over
 *   every customer. `onEvaluation` hears only the evaluations over every customer.
 * - Standard errors from the observed information: the Hessian of N·f in u, by central differences of the
 *   analytic gradient, inverted by Cholesky; natural-scale errors by the delta method. With a penalizer, the
 *   curvature includes the penalty. 95% intervals are exp(ln θ ± 1.96 se(ln θ)) (log scale, then exponentiated).
 * - AIC = 2k − 2 ln L, BIC = k ln N − 2 ln L (Akaike 1974; Schwarz 1978).
 *
 * Throws ClvValidationError for bad options, ClvFitError (with diagnostics) when no finite optimum with a
 * gradient below 1e-4 and a positive-definite Hessian is found — never NaN parameters.
 *
 * @example const fit = fitModel(betaGeoDefinition, groupCustomers(cdnow)); fit.params.r // ≈ 0.243
 */
export function fitModel<D, M extends string = string>(
  definition: ModelDefinition<D> & { readonly model: M },
  data: D,
  options: FitOptions = {},
): Fit<M> {
  const where = definition.model;
  const opts = parseInput(FitOptionsSchema, options, where);
  const names = definition.paramNames;
  const k = names.length;
  const n = definition.count(data);
  if (!(Number.isFinite(n) && n > 0))
    throw new ClvValidationError(where, [makeIssue('customers', 'at least one customer', n)]);

  const penalizer = opts.penalizer ?? 0;
  const maxIterations = opts.maxIterations ?? 200;
  const tolerance = opts.tolerance ?? 1e-8;
  const restarts = opts.restarts ?? 0;

  const start = Float64Array.from(definition.initialParams(data));
  if (opts.initialParams) {
    const issues = [];
    for (const [key, value] of Object.entries(opts.initialParams)) {
      const j = names.indexOf(key);
      if (j < 0) issues.push(makeIssue(`initialParams.${key}`, `one of ${names.join(', ')}`, key));
      else start[j] = value;
    }
    if (issues.length > 0) throw new ClvValidationError(where, issues);
  }

  // The evaluation over every customer, elsewhere when the caller's evaluator takes it (threads); the warm
  // start's sample is always evaluated in place.
  const bound = opts.evaluator?.bind(definition, data);
  const theta = new Float64Array(k);
  const gradTheta = new Float64Array(k);
  const onEvaluation = opts.onEvaluation;
  let evaluations = 0;
  /** f(u) = −(1/N) Σ w ln L(e^u) + c Σ e^{2u} on `d` (N customers), its gradient in u into `grad`. */
  const objectiveOn =
    (d: D, count: number, report: boolean): Objective =>
    (u, grad) => {
      for (let j = 0; j < k; j++) {
        const uj = u[j] as number;
        if (!(Math.abs(uj) <= LOG_PARAM_LIMIT)) return Number.POSITIVE_INFINITY;
        theta[j] = Math.exp(uj);
      }
      gradTheta.fill(0);
      let ll: number;
      try {
        ll =
          bound !== undefined && d === data
            ? bound.logLikelihood(theta, gradTheta)
            : definition.logLikelihood(theta, d, gradTheta);
      } catch (e) {
        // A special function that cannot be evaluated this far out (a series that does not converge at
        // r ≈ 10¹⁵): the optimiser is running away, which is the data not identifying the model. Said as this
        // model's failure, at once (refusing the step instead costs a second per try and minutes in all).
        if (!(e instanceof ClvFitError)) throw e;
        const at = names.map((name, j) => `${name} = ${(theta[j] as number).toPrecision(4)}`).join(', ');
        throw new ClvFitError({
          model: where,
          reason: `the likelihood fails at ${at} (parameters not identified): ${e.diagnostics.reason}`,
          lastParams: namedParams(names, theta),
        });
      }
      if (report) onEvaluation?.(++evaluations, ll);
      if (!Number.isFinite(ll)) return Number.POSITIVE_INFINITY;
      let penalty = 0;
      for (let j = 0; j < k; j++) {
        const t = theta[j] as number;
        penalty += t * t;
        grad[j] = t * (-(gradTheta[j] as number) / count + 2 * penalizer * t);
      }
      return -ll / count + penalizer * penalty;
    };
  const objective = objectiveOn(data, n, true);

  const minimizeFrom = (u0: Float64Array): MinimizeResult => {
    const first = bfgs(objective, u0, { maxIterations, tolerance });
    if (first.converged || ranAway(first.x, u0) >= 0) return first;
    const from = Number.isFinite(first.f) ? first.x : u0;
    const simplex = nelderMead(objective, from, { maxIterations: 2 * k * maxIterations, tolerance: 1e-14 });
    const polished = bfgs(objective, simplex.x, { maxIterations, tolerance });
    const candidates = [first, simplex, polished].filter((r) => Number.isFinite(r.f));
    candidates.sort((a, b) => rank(a, tolerance) - rank(b, tolerance) || a.f - b.f);
    const best = candidates[0] ?? first;
    return { ...best, iterations: first.iterations + simplex.iterations + polished.iterations };
  };

  const u0 = start.map(Math.log);
  let best: MinimizeResult;
  let iterations: number;
  let hessian: Float64Array | undefined;
  try {
    best =
      warmStart(definition, data, objectiveOn, u0, maxIterations, tolerance, objective) ?? minimizeFrom(u0);
    iterations = best.iterations;
    const rng = createRandom(0x5eed);
    for (let s = 0; s < restarts; s++) {
      const ur = u0.map((v) => v + rng.normal());
      const r = minimizeFrom(ur);
      iterations += r.iterations;
      if (Number.isFinite(r.f) && (!Number.isFinite(best.f) || r.f < best.f - 1e-12)) best = r;
    }
    // The observed information's differences, while the evaluator is open (a failed fit needs none).
    hessian =
      Number.isFinite(best.f) && best.gradientNorm <= LOOSE_TOLERANCE
        ? numericalHessian(objective, best.x)
        : undefined;
  } finally {
    bound?.close();
  }

  const estimate = Array.from(best.x, Math.exp);
  const lastParams = namedParams(names, estimate);
  const fail = (reason: string, logLikelihood?: number): never => {
    throw new ClvFitError({
      model: where,
      reason,
      iterations,
      gradientNorm: best.gradientNorm,
      ...(logLikelihood !== undefined && Number.isFinite(logLikelihood) ? { logLikelihood } : {}),
      ...(estimate.every(Number.isFinite) ? { lastParams } : {}),
    });
  };
  if (!Number.isFinite(best.f) || !estimate.every((t) => Number.isFinite(t) && t > 0))
    fail(`no finite likelihood found (${best.reason})`);
  const away = best.converged ? -1 : ranAway(best.x, u0);
  if (away >= 0) {
    const name = names[away] as string;
    fail(
      `parameter ${name} not identified: the search ran to ${name} = ${(estimate[away] as number).toPrecision(4)} from ${(start[away] as number).toPrecision(4)}, more than 10^5× away, without converging (${best.reason})`,
    );
  }
  // Σ w ln L at the estimate, from the objective there: f = −ln L/N + c Σ θ² (no further evaluation).
  const logLikelihood = (penalizer * estimate.reduce((acc, t) => acc + t * t, 0) - best.f) * n;
  if (!Number.isFinite(logLikelihood)) fail('log-likelihood not finite at the estimate');
  if (!(best.gradientNorm <= LOOSE_TOLERANCE))
    fail(`did not converge (${best.reason}; gradient ${best.gradientNorm.toExponential(2)})`, logLikelihood);

  if (hessian === undefined) fail('Hessian not finite at the estimate', logLikelihood);
  const info = (hessian as Float64Array).map((h) => h * n);
  const covLog = invertSpd(info, k);
  if (covLog === undefined)
    fail('Hessian not positive definite at the estimate (parameters not identified)', logLikelihood);

  const cov = covLog as Float64Array;
  const params: Record<string, number> = {};
  const standardErrors: Record<string, number> = {};
  const confidenceIntervals: Record<string, readonly [number, number]> = {};
  const covariance: (readonly number[])[] = [];
  for (let i = 0; i < k; i++) {
    const name = names[i] as string;
    const t = estimate[i] as number;
    const seLog = Math.sqrt(cov[i * k + i] as number);
    // A parameter the data cannot place: its 95 % interval spans more than 10⁵ times the estimate either way
    // (an sBG cohort that all left at the first renewal gives α ≈ 1.3·10⁴ with an interval of [0, ∞)).
    if (!(Z95 * seLog <= UNIDENTIFIED_LOG_SPAN))
      fail(
        `parameter ${name} not identified: its 95 % interval exceeds 10^5× the estimate (${name} = ${t.toPrecision(4)}, se(ln ${name}) ${seLog.toPrecision(3)})`,
        logLikelihood,
      );
    params[name] = t;
    standardErrors[name] = t * seLog;
    confidenceIntervals[name] = Object.freeze([
      t * Math.exp(-Z95 * seLog),
      t * Math.exp(Z95 * seLog),
    ] as const);
    covariance.push(
      Object.freeze(
        Array.from({ length: k }, (_, j) => t * (estimate[j] as number) * (cov[i * k + j] as number)),
      ),
    );
  }
  const numbers = [...Object.values(standardErrors), ...covariance.flat()];
  if (!numbers.every(Number.isFinite)) fail('standard errors not finite', logLikelihood);

  return Object.freeze({
    model: definition.model,
    label: definition.label,
    params: Object.freeze(params),
    logLikelihood,
    standardErrors: Object.freeze(standardErrors),
    confidenceIntervals: Object.freeze(confidenceIntervals),
    converged: best.converged || best.gradientNorm <= tolerance,
    iterations,
    gradientNorm: best.gradientNorm,
    n,
    aic: 2 * k - 2 * logLikelihood,
    bic: k * Math.log(n) - 2 * logLikelihood,
    paramNames: Object.freeze([...names]),
    covariance: Object.freeze(covariance),
    penalizer,
    ...(opts.timeUnit === undefined ? {} : { timeUnit: opts.timeUnit }),
  });
}

/** Customers in a warm start's sample (see `warmStart`); data with fewer than four times as many is fitted directly. */
const WARM_START_SAMPLE = 50_000;

/**
 * The fit on large data started near its optimum: a systematic sample of about `WARM_START_SAMPLE` customers
 * (`definition.subsample`) is fitted from `u0`, its Hessian measured there, and BFGS on every customer starts
 * from the sample's estimate with the inverse of that Hessian as H₀ — a Newton step whose curvature is the
 * sample's (the objective is a mean per customer, so its curvature hardly depends on the sample size). The
 * optimum is the full data's, to the same tolerance; only the number of evaluations over every customer
 * drops (from about 25 to about 5 on a million continuous-time customers). Undefined — the caller fits from
 * `u0` — when the data is small or grouped, or the sample's fit or Hessian fails, or BFGS from there does not
 * converge.
 */
function warmStart<D>(
  definition: ModelDefinition<D>,
  data: D,
  objectiveOn: (d: D, count: number, report: boolean) => Objective,
  u0: Float64Array,
  maxIterations: number,
  tolerance: number,
  objective: Objective,
): MinimizeResult | undefined {
  const n = definition.count(data);
  if (definition.subsample === undefined || !(n >= 4 * WARM_START_SAMPLE)) return undefined;
  const sample = definition.subsample(data, Math.floor(n / WARM_START_SAMPLE));
  if (sample === undefined) return undefined;
  const sampleObjective = objectiveOn(sample, definition.count(sample), false);
  const first = bfgs(sampleObjective, u0, { maxIterations, tolerance: Math.max(tolerance, 1e-7) });
  if (!first.converged) return undefined;
  const hessian = numericalHessian(sampleObjective, first.x);
  const h0 = hessian === undefined ? undefined : invertSpd(hessian, u0.length);
  if (h0 === undefined) return undefined;
  const full = bfgs(objective, first.x, { maxIterations, tolerance, initialInverseHessian: h0 });
  return full.converged ? { ...full, iterations: first.iterations + full.iterations } : undefined;
}

/** Orders results: strictly converged first, then loosely, then the rest. */
function rank(r: MinimizeResult, tolerance: number): number {
  return r.converged || r.gradientNorm <= tolerance ? 0 : r.gradientNorm <= LOOSE_TOLERANCE ? 1 : 2;
}

/** Parameter values by name, for a `ClvFitError`'s lastParams: { r: values[0], alpha: values[1], … }. */
function namedParams(names: readonly string[], values: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(names.map((name, j) => [name, values[j] as number]));
}
