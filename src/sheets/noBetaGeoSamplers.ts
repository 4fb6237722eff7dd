/**
 * What the spreadsheet build takes for `src/models/betaGeo/futurePurchaseDraws.ts` (tsup.config.ts): the BG
 * family's draw-by-draw samplers serve `predictivePurchases` and the joint engine, which no spreadsheet function
 * reaches (CLV_PREDICT_INTERVAL draws from the scaled paths, `betaGeo/scaledPaths.ts`), so they are left out of
 * the Apps Script file (at most 200 KB, issue #13). Each throws if it were ever reached.
 */

import type * as samplers from '../models/betaGeo/futurePurchaseDraws.js';
import { unavailableInSheets } from './unavailable.js';

const unavailable = unavailableInSheets('purchase samplers are');

export const betaGeoFamilyFuturePurchaseSampler: typeof samplers.betaGeoFamilyFuturePurchaseSampler =
  unavailable;
export const betaGeoFamilyFuturePurchasePathSampler: typeof samplers.betaGeoFamilyFuturePurchasePathSampler =
  unavailable;
