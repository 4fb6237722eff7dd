/**
 * The methods of what the entries return — a summary's (`SummaryResult`), a summarizer's (`Summarizer`), a CLV
 * result's, a rate table's, clvkit/node's run store (`TemporaryRunStore`) — called with the seeded fuzz corpus of
 * ./corpus.ts, as the entries' functions are: each call returns a value with no NaN or Infinity anywhere or
 * throws a `ClvError` subclass.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import {
  createExchangeRateTable,
  createSummarizer,
  customerLifetimeValues,
  summarizeTransactions,
} from '../../src/index.js';
import { temporaryRunStore } from '../../src/node/index.js';
import { simulatedLog } from '../simulatedLog.js';
import { fuzzEntry } from './corpus.js';

const log = simulatedLog(40, '2023-01-01', '2023-12-31', 5);

/** The methods of `object` by name — its own and its class's — bound to it (getters and data fields left out). */
function methodsOf(label: string, object: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const proto = Object.getPrototypeOf(object) as object | null;
  const own = Object.entries(Object.getOwnPropertyDescriptors(object));
  const inherited =
    proto === null || proto === Object.prototype
      ? []
      : Object.entries(Object.getOwnPropertyDescriptors(proto));
  for (const [name, d] of [...inherited, ...own])
    if (typeof d.value === 'function' && name !== 'constructor')
      out[`${label}.${name}`] = (d.value as (...a: unknown[]) => unknown).bind(object);
  return out;
}

const summary = summarizeTransactions(log, { calibrationEnd: '2023-09-30' });
const plain = summarizeTransactions(log, { cohorts: false });
const summarizer = createSummarizer({ onBadRow: 'collect' });

const rates = createExchangeRateTable([{ date: '2024-01-01', currency: 'EUR', rate: '0.86' }], 'GBP');
const [clv] = customerLifetimeValues([{ averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 }]);

// clvkit/node's run store, in a directory of its own (removed at the end).
const parent = mkdtempSync(join(tmpdir(), 'clvkit-fuzz-store-'));
const store = temporaryRunStore({ parent });
afterAll(() => {
  store.dispose();
  rmSync(parent, { recursive: true, force: true });
});

const methods = {
  ...methodsOf('runStore', store),
  ...methodsOf('rates', rates),
  ...methodsOf('clvResult', clv as object),
  ...methodsOf('summary', summary),
  ...methodsOf('summaryWithoutCohorts', plain),
  ...methodsOf('summarizer', summarizer),
};
// `finish` ends the summarizer; every other method is called on an open one.
delete methods['summarizer.finish'];
delete methods['runStore.dispose'];

fuzzEntry('the results of the main entry', methods, Object.keys(methods).sort());
