/**
 * What the spreadsheet build takes for `src/transactions/mergeSortedRuns.ts` (tsup.config.ts): a spreadsheet
 * function never spills a summary to disk — no run store reaches one — so the k-way merge of spilled runs is
 * left out of the Apps Script file (at most 200 KB, issue #13). Each stand-in throws if it were ever reached.
 */

import type * as merge from '../transactions/mergeSortedRuns.js';
import { unavailableInSheets } from './unavailable.js';

export type { RunCursor } from '../transactions/mergeSortedRuns.js';

const unavailable = unavailableInSheets('spilling a summary to disk is');

export const memoryRunCursor: typeof merge.memoryRunCursor = unavailable;
export const storedRunCursor: typeof merge.storedRunCursor = unavailable;
export const mergeSortedRuns: typeof merge.mergeSortedRuns = unavailable;
