/**
 * The registry: every model of the library, in one list. Fit files, `fitFromParams`, the verbs, the simulators
 * and the CLI's model choices read it; adding a model is one new file plus one line here. The verbs take their
 * list of models as a parameter (predictionVerbs.ts, verbInputs.ts): the library's public verbs pass this one,
 * the spreadsheet functions a sublist of its records (src/sheets/models.ts), and so never import this module.
 */
import { betaGeoModel } from './betaGeo.js';
import { betaGeoBetaBinomModel } from './betaGeoBetaBinom.js';
import { gammaGammaModel } from './gammaGamma.js';
import type { DataKind, ModelId, ModelSpec } from './model.js';
import { modifiedBetaGeoModel } from './modifiedBetaGeo.js';
import { paretoNbdModel } from './paretoNbd.js';
import { shiftedBetaGeometricModel } from './shiftedBetaGeometric.js';

/** Every model, in the order the CLI and the docs list them. */
export const MODELS: readonly ModelSpec[] = Object.freeze([
  betaGeoModel,
  modifiedBetaGeoModel,
  paretoNbdModel,
  betaGeoBetaBinomModel,
  shiftedBetaGeometricModel,
  gammaGammaModel,
] as ModelSpec[]);

/** Every model id. */
export const MODEL_IDS: readonly ModelId[] = Object.freeze(MODELS.map((m) => m.model));

/**
 * The model of an id or alias ('betaGeo' or 'bgnbd'), undefined when there is none.
 *
 * @example findModel('pnbd')?.label // 'Pareto/NBD'
 */
export function findModel(name: unknown): ModelSpec | undefined {
  if (typeof name !== 'string') return undefined;
  return MODELS.find((m) => m.model === name || m.aliases.includes(name));
}

/**
 * The models that take a kind of data, e.g. `modelsOf('continuous')` → BG/NBD, MBG/NBD, Pareto/NBD.
 *
 * @example modelsOf('spend').map((m) => m.model) // ['gammaGamma']
 */
export function modelsOf(...kinds: readonly DataKind[]): readonly ModelSpec[] {
  return MODELS.filter((m) => kinds.includes(m.dataKind));
}
