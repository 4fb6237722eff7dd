/**
 * What the spreadsheet build takes for `src/models/betaGeo/residualPurchases.ts` and
 * `src/models/paretoNbd/residualPurchases.ts` (tsup.config.ts): the discounted expected residual purchases serve
 * `discountedExpectedResidualPurchases`, which no spreadsheet function reaches (their CLV sums discounted periods),
 * so they are left out of the Apps Script file with their quadrature and series (at most 200 KB, issue #13).
 * Each export throws if it were ever reached.
 */

import type * as betaGeo from '../models/betaGeo/residualPurchases.js';
import type * as paretoNbd from '../models/paretoNbd/residualPurchases.js';
import { unavailableInSheets } from './unavailable.js';

const unavailable = unavailableInSheets('discounted residual purchases are');

export const betaGeoFamilyDiscountedResidualPurchases: typeof betaGeo.betaGeoFamilyDiscountedResidualPurchases =
  unavailable;
export const aliveResidualPurchases: typeof betaGeo.aliveResidualPurchases = unavailable;
export const paretoNbdDiscountedResidualPurchases: typeof paretoNbd.paretoNbdDiscountedResidualPurchases =
  unavailable;
