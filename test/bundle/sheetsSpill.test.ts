/**
 * The Apps Script file leaves out what no spreadsheet function reaches (tsup.config.ts, SHEETS_LEFT_OUT): the
 * merge of spilled runs (src/sheets/noSpillMerge.ts stands in for src/transactions/mergeSortedRuns.ts), the joint
 * engine of the money verbs and its sums (noSumsOverCustomers.ts), the path-sampler histories
 * (noPathSamplerHistories.ts), the BG family's draw-by-draw samplers (noBetaGeoSamplers.ts), its customer
 * simulator (noCustomerSimulation.ts), its probability of n purchases (noConditionalPmf.ts), and the discounted
 * residual purchases of the BG family and the Pareto/NBD (noResidualPurchases.ts).
 * Reads dist/sheets/clvkit.gs.js (built by `npm test`'s pretest when stale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors.js';
import {
  betaGeoFamilyFuturePurchasePathSampler,
  betaGeoFamilyFuturePurchaseSampler,
} from '../../src/sheets/noBetaGeoSamplers.js';
import { aliveConditionalPmf, betaGeoFamilyConditionalPmf } from '../../src/sheets/noConditionalPmf.js';
import { simulateBetaGeoFamilyCustomers } from '../../src/sheets/noCustomerSimulation.js';
import { samplerHistoryDraws } from '../../src/sheets/noPathSamplerHistories.js';
import {
  aliveResidualPurchases,
  betaGeoFamilyDiscountedResidualPurchases,
  paretoNbdDiscountedResidualPurchases,
} from '../../src/sheets/noResidualPurchases.js';
import { memoryRunCursor, mergeSortedRuns, storedRunCursor } from '../../src/sheets/noSpillMerge.js';
import { simulateJointValue, valueTotals } from '../../src/sheets/noSumsOverCustomers.js';

const gs = readFileSync(join(__dirname, '../../dist/sheets/clvkit.gs.js'), 'utf8');
/**
 * What the bundle holds of a stand-in's message: its subject, and the shared rest (src/sheets/unavailable.ts).
 */
const REST = ' not available in the spreadsheet functions';
const bundled = (message: string) => {
  expect(gs).toContain(REST);
  return message.slice(0, message.length - REST.length);
};
const MESSAGE = 'spilling a summary to disk is not available in the spreadsheet functions';

describe('the spreadsheet build without the merge of spilled runs', () => {
  it('bundles the stand-in, whose every export throws a ClvError saying so', () => {
    expect(gs).toContain(bundled(MESSAGE));
    const rows = { customer: new Uint32Array(0), day: new Int32Array(0), units: new Float64Array(0) };
    const calls = [
      () => memoryRunCursor(rows),
      () => storedRunCursor({} as never, 0, 1),
      () => mergeSortedRuns([], 1, 0, 1),
    ];
    for (const call of calls) {
      expect(call).toThrow(ClvError);
      expect(call).toThrow(MESSAGE);
    }
  });
});

// CLV_PREDICT_INTERVAL runs in the bundle without them: test/bundle/sheetsModels.test.ts.
describe('the spreadsheet build without sums over customers, draw-by-draw samplers, simulated customers or PMFs', () => {
  it('bundles the stand-ins, whose every export throws a ClvError saying so', () => {
    const calls: [() => unknown, string][] = [
      [
        () => simulateJointValue({} as never),
        'sums over customers are not available in the spreadsheet functions',
      ],
      [
        () => valueTotals({} as never, [], 1, []),
        'sums over customers are not available in the spreadsheet functions',
      ],
      [
        () =>
          samplerHistoryDraws({} as never, {} as never, {} as never, {} as never, {} as never, {
            summarize() {},
          }),
        'models without scaled paths are not available in the spreadsheet functions',
      ],
      [
        () => betaGeoFamilyFuturePurchaseSampler(0, {} as never, 1, {} as never),
        'purchase samplers are not available in the spreadsheet functions',
      ],
      [
        () => betaGeoFamilyFuturePurchasePathSampler(0, {} as never, 1, 1, {} as never),
        'purchase samplers are not available in the spreadsheet functions',
      ],
      [
        () => simulateBetaGeoFamilyCustomers(0, {} as never, {} as never),
        'simulated customers are not available in the spreadsheet functions',
      ],
      [
        () => betaGeoFamilyDiscountedResidualPurchases(0, {} as never, 0.1, {} as never),
        'discounted residual purchases are not available in the spreadsheet functions',
      ],
      [
        () => aliveResidualPurchases(1, 1, 1, 1, 0.1),
        'discounted residual purchases are not available in the spreadsheet functions',
      ],
      [
        () => paretoNbdDiscountedResidualPurchases({}, 0.1, {} as never),
        'discounted residual purchases are not available in the spreadsheet functions',
      ],
      [
        () => betaGeoFamilyConditionalPmf(0, {} as never, 0, 1, {} as never),
        'probabilities of n purchases are not available in the spreadsheet functions',
      ],
      [
        () => aliveConditionalPmf(1, 1, 1, 1, 0, 1),
        'probabilities of n purchases are not available in the spreadsheet functions',
      ],
    ];
    for (const [call, message] of calls) {
      expect(gs).toContain(bundled(message));
      expect(call).toThrow(ClvError);
      expect(call).toThrow(message);
    }
  });
});
