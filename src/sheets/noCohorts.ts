/**
 * What the spreadsheet build takes for `src/transactions/summaryCohorts.ts` (tsup.config.ts): no spreadsheet
 * function asks a summary for its cohort table or its repeat purchases by day, so the tables (and their size rule)
 * are left out of the Apps Script file (at most 200 KB, issue #13). The stand-ins throw if they were ever reached.
 */

import type * as cohorts from '../transactions/summaryCohorts.js';
import { unavailableInSheets } from './unavailable.js';

export const cohortsOfFigures: typeof cohorts.cohortsOfFigures = unavailableInSheets('cohort tables are');
export const repeatsOfFigures: typeof cohorts.repeatsOfFigures = unavailableInSheets('cohort tables are');
