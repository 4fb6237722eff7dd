/**
 * The models the spreadsheet functions fit and predict with: BG/NBD (BGNBD_FIT, P_ALIVE, EXPECTED_PURCHASES,
 * CLV_PREDICT, CLV_PREDICT_INTERVAL) and Gamma-Gamma (the spend model of CLV_PREDICT and CLV_PREDICT_INTERVAL).
 * The spreadsheet functions (./functions.ts) run the model verbs over this list (`probabilityAliveWith`,
 * `expectedPurchasesWith`, `predictCustomerLifetimeValueWith` and `predictiveLifetimeValueOfFits` take the
 * models they dispatch on) and never import src/models/registry.ts, so the file a spreadsheet user pastes
 * carries no model it never runs (issue #13, 200 KB; test/bundle/sheetsModels.test.ts). A fit of another model
 * is refused as unknown: a spreadsheet function that needs one fails its tests (test/sheets) until the model is
 * added here.
 */
import { betaGeoModel } from '../models/betaGeo.js';
import { gammaGammaModel } from '../models/gammaGamma.js';
import type { ModelSpec } from '../models/model.js';

export const SHEET_MODELS: readonly ModelSpec[] = Object.freeze([
  betaGeoModel,
  gammaGammaModel,
] as ModelSpec[]);
