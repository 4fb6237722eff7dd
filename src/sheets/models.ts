/**
 * The models the spreadsheet functions fit and predict with: BG/NBD (BGNBD_FIT, P_ALIVE, EXPECTED_PURCHASES,
 * CLV_PREDICT, CLV_PREDICT_INTERVAL) and Gamma-Gamma (the spend model of CLV_PREDICT and CLV_PREDICT_INTERVAL).
 * The spreadsheet bundle (tsup.config.ts, sheets entry) uses this list as the model registry in place of
 * src/models/registry.ts's MODELS, so the file a spreadsheet user pastes carries no model it never runs
 * (issue #13, 200 KB). A spreadsheet function that used another model would fail its tests on the built file
 * (test/sheets) until the model is added here.
 */
import { betaGeoModel } from '../models/betaGeo.js';
import { gammaGammaModel } from '../models/gammaGamma.js';
import type { ModelSpec } from '../models/model.js';

export const SHEET_MODELS: readonly ModelSpec[] = Object.freeze([
  betaGeoModel,
  gammaGammaModel,
] as ModelSpec[]);
