/**
 * The models the command line offers, read from the core's registry: their names (the id or a short alias,
 * e.g. `betaGeo` or `bgnbd`), labels, and how each is fitted from the customer figures a file gave.
 */
import type { Fit, FitOptions } from '../index.js';
import { repeatSpenders } from '../index.js';
import { fitSpec } from '../models/fit/fitSpec.js';
import type { DataKind, ModelSpec } from '../models/model.js';
import { findModel, modelsOf } from '../models/registry.js';
import { timeUnitRule } from '../transactions/calendar.js';
import { CliUsageError } from './command.js';
import type { CustomerFigures } from './customersFile.js';

/** What the CLI can fit from an order log or a summary file (the sBG needs a survivor curve instead). */
const FITTABLE: readonly DataKind[] = ['continuous', 'discrete', 'spend'];

/** The name a user types for a model: its short alias (`bgnbd`), the id also accepted. */
export const cliName = (spec: ModelSpec): string => spec.aliases[0] ?? spec.model;

/**
 * The model a CLI name stands for, among the kinds given; a usage error listing the choices otherwise.
 *
 * @example cliModel('pnbd', '--model', ['continuous']).label // 'Pareto/NBD'
 */
export function cliModel(
  name: string | undefined,
  what: string,
  kinds: readonly DataKind[] = FITTABLE,
): ModelSpec {
  const spec = findModel(name);
  if (spec === undefined || !kinds.includes(spec.dataKind))
    throw new CliUsageError(
      `${what}: expected ${cliModelList(kinds)}, received ${name === undefined ? 'nothing' : `'${name}'`}`,
    );
  return spec;
}

/** 'bgnbd, mbgnbd or pnbd': the CLI names of the models of some kinds, for help and messages. */
export function cliModelList(kinds: readonly DataKind[] = FITTABLE, separator = ', '): string {
  const names = modelsOf(...kinds).map(cliName);
  return names.length > 1
    ? `${names.slice(0, -1).join(separator)} or ${names[names.length - 1]}`
    : (names[0] ?? '');
}

/**
 * Fits a model to customer figures: transaction models on (x, t_x, T) (BG/BB on periods), the spend model on the
 * repeat spenders (`io` hears how many repeat customers were left out for want of spend). The fit records the
 * figures' time unit.
 *
 * @example fitCliModel(cliModel('bgnbd', 'model'), figures, {}).model // 'betaGeo'
 */
export function fitCliModel(
  spec: ModelSpec,
  c: CustomerFigures,
  options: FitOptions,
  io?: { stderr: (t: string) => void },
): Fit {
  const unit = timeUnitRule.convert(c.timeUnit);
  const opts = unit === undefined ? options : { ...options, timeUnit: unit };
  const weights = c.weights ? { weights: c.weights } : {};
  const where = `clvkit fit ${cliName(spec)}`;
  if (spec.dataKind === 'spend') return fitSpec(spec, repeatSpend(c, io), where, opts);
  if (spec.dataKind === 'discrete')
    return fitSpec(
      spec,
      { frequency: c.frequency, recency: c.recency, periods: c.periods ?? c.T, ...weights },
      where,
      opts,
    );
  return fitSpec(spec, { frequency: c.frequency, recency: c.recency, T: c.T, ...weights }, where, opts);
}

/** The Gamma-Gamma customers (the core's `repeatSpenders`); `io`, when given, hears how many were left out. */
export function repeatSpend(c: CustomerFigures, io?: { stderr: (t: string) => void }) {
  const picked = repeatSpenders(c);
  if (picked.withoutSpend > 0 && io)
    io.stderr(
      `spend model: ${picked.withoutSpend.toLocaleString('en-US')} repeat customer${picked.withoutSpend === 1 ? '' : 's'} with no repeat spend left out of the Gamma-Gamma fit\n`,
    );
  return picked;
}
