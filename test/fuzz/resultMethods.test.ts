/**
 * The methods of what the main entry returns — a summary's (`SummaryResult`), a summarizer's (`Summarizer`), a
 * CLV result's — called with the seeded fuzz corpus of ./corpus.ts, as the entry's functions are: each call
 * returns a value with no NaN or Infinity anywhere or throws a `ClvError` subclass.
 */
import { createSummarizer, summarizeTransactions } from '../../src/index.js';
import { simulatedLog } from '../simulatedLog.js';
import { fuzzEntry } from './corpus.js';

const log = simulatedLog(40, '2023-01-01', '2023-12-31', 5);

/** The methods of `object` by name, bound to it (getters and data fields left out). */
function methodsOf(label: string, object: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(object)))
    if (typeof d.value === 'function')
      out[`${label}.${name}`] = (d.value as (...a: unknown[]) => unknown).bind(object);
  return out;
}

const summary = summarizeTransactions(log, { calibrationEnd: '2023-09-30' });
const plain = summarizeTransactions(log, { cohorts: false });
const summarizer = createSummarizer({ onBadRow: 'collect' });

const methods = {
  ...methodsOf('summary', summary),
  ...methodsOf('summaryWithoutCohorts', plain),
  ...methodsOf('summarizer', summarizer),
};
// `finish` ends the summarizer; every other method is called on an open one.
delete methods['summarizer.finish'];

fuzzEntry('the results of the main entry', methods, Object.keys(methods).sort());
