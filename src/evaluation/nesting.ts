/**
 * Which of the library's models nest, so that a likelihood-ratio test applies. Stated once here; evaluation
 * runs a test for each pair listed, and says so when there is none.
 *
 * - BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007): both (r, α, a, b);
 *   MBG/NBD lets a customer drop out right after any purchase including the first, BG/NBD only after a repeat.
 *   Neither is the other with a parameter fixed: not nested.
 * - BG/NBD or MBG/NBD vs Pareto/NBD (Schmittlein, Morrison & Colombo 1987): (r, α, s, β), exponential lifetimes
 *   in continuous time instead of a dropout coin after each purchase. Pareto/NBD is a limit of neither with a
 *   fixed parameter count: not nested.
 * - BG/BB (discrete) and the sBG (contractual) take other data; Gamma-Gamma models spend. Nothing to nest.
 *
 * So the list is empty today; a model added later with a restricted form (e.g. a covariate model and its model
 * without covariates, as CLVTools' `lrtest`) adds its pair here.
 */
import type { ModelId } from '../models/model.js';

/** A restricted model and the fuller model it is nested in. */
export interface NestedModelPair {
  readonly restricted: ModelId;
  readonly full: ModelId;
}

/** Every pair of library models where one is the other with parameters fixed: none (see the comment above). */
export const NESTED_MODEL_PAIRS: readonly NestedModelPair[] = Object.freeze([]);
