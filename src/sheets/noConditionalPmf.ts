/**
 * What the spreadsheet build takes for `src/models/betaGeo/conditionalPmf.ts` (tsup.config.ts): the probability
 * of exactly n purchases serves the holdout evaluation and `conditionalProbabilityOfPurchases`, which no
 * spreadsheet function reaches (CLV_PREDICT_INTERVAL draws its purchases), so it is left out of the Apps Script
 * file (at most 200 KB, issue #13). Each export throws if it were ever reached.
 */

import type * as pmf from '../models/betaGeo/conditionalPmf.js';
import { unavailableInSheets } from './unavailable.js';

const unavailable = unavailableInSheets('probabilities of n purchases are');

export const betaGeoFamilyConditionalPmf: typeof pmf.betaGeoFamilyConditionalPmf = unavailable;
export const aliveConditionalPmf: typeof pmf.aliveConditionalPmf = unavailable;
