/**
 * What the spreadsheet build takes for `src/uncertainty/samplerHistoryDraws.ts` (tsup.config.ts): the spreadsheet
 * functions' only transaction model, the BG/NBD, draws its histories from scaled paths, so the path-sampler
 * producer is left out of the Apps Script file (at most 200 KB, issue #13). It throws if it were ever reached.
 */

import type * as sampler from '../uncertainty/samplerHistoryDraws.js';
import { unavailableInSheets } from './unavailable.js';

export const samplerHistoryDraws: typeof sampler.samplerHistoryDraws = unavailableInSheets(
  'models without scaled paths are',
);
