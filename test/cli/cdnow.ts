import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The CDNOW sample (headerless, whitespace-separated: master id, sample id, yyyyMMdd date, CDs, dollars). */
export const CDNOW_SAMPLE = join(__dirname, '../../../shared/data/cdnow/CDNOW_sample.txt');

/** The flags that read the CDNOW sample: no header, blanks between fields, columns by position, yyyyMMdd. */
export const CDNOW_SAMPLE_READ = [
  '--no-header',
  '--delimiter',
  'whitespace',
  '--customer-col',
  '2',
  '--date-col',
  '3',
  '--amount-col',
  '5',
  '--date-format',
  'yyyyMMdd',
];

/** … in weeks, with the published calibration split (to 1997-09-30, holdout to 1998-06-30). */
export const CDNOW_SAMPLE_FLAGS = [
  ...CDNOW_SAMPLE_READ,
  '--calibration-end',
  '1997-09-30',
  '--observation-end',
  '1998-06-30',
  '--time-unit',
  'week',
];

// The CDNOW master log and the flags that read it: one definition, shared with the getting-started page.
export { CDNOW_MASTER, CDNOW_MASTER_READ } from '../../scripts/gettingStarted.js';

/** The CDNOW sample's orders as library rows (id, yyyy-MM-dd date, amount), read from the whitespace file. */
export function cdnowSampleOrders(): { customerId: string; date: string; amount: number }[] {
  return readFileSync(CDNOW_SAMPLE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, id, day, , amount] = line.trim().split(/\s+/) as [string, string, string, string, string];
      return {
        customerId: id,
        date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`,
        amount: Number(amount),
      };
    });
}
