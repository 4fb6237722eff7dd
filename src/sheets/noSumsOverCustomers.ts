/**
 * What the spreadsheet build takes for `src/uncertainty/simulateJointValue.ts` (tsup.config.ts): the spreadsheet
 * functions ask for per-customer intervals only (CLV_PREDICT_INTERVAL), never for sums over customers, so the
 * joint engine and its groups' sums are left out of the Apps Script file (at most 200 KB, issue #13). Each
 * throws if it were ever reached.
 */

import type * as joint from '../uncertainty/simulateJointValue.js';
import { unavailableInSheets } from './unavailable.js';

const unavailable = unavailableInSheets('sums over customers are');

export const simulateJointValue: typeof joint.simulateJointValue = unavailable;
export const valueTotals: typeof joint.valueTotals = unavailable;
