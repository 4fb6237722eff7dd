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
