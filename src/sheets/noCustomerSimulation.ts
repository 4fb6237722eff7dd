/**
 * What the spreadsheet build takes for `src/models/simulate/betaGeo.ts` (tsup.config.ts): simulating customers
 * from a fit (`simulateCustomers`) is no spreadsheet function, so the BG family's simulator is left out of the
 * Apps Script file (at most 200 KB, issue #13). It throws if it were ever reached.
 */

import type * as simulator from '../models/simulate/betaGeo.js';
import { unavailableInSheets } from './unavailable.js';

export const simulateBetaGeoFamilyCustomers: typeof simulator.simulateBetaGeoFamilyCustomers =
  unavailableInSheets('simulated customers are');
