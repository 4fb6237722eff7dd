/**
 * The entries beside the main one, called with the seeded fuzz corpus of ./corpus.ts as users meet them: the built
 * `clvkit/special` and `clvkit/report` (whose errors must be the package's own ClvError, one copy across the
 * entries), and the spreadsheet functions as the Apps Script file and the Excel add-in run them. Each call returns
 * a value with no NaN or Infinity anywhere or throws a `ClvError` subclass.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { functions as sheetFunctions } from '../../src/sheets/index.js';
import { functionsOf, fuzzEntry } from './corpus.js';

const built = async (file: string) =>
  (await import(pathToFileURL(join(__dirname, '../../dist', file)).href)) as Record<string, unknown>;
const { ClvError } = (await built('index.js')) as unknown as { ClvError: abstract new () => Error };
const special = await built('special.js');
const report = await built('report.js');
const sheets = sheetFunctions as Record<string, unknown>;

describe('the entries beside the main one', () => {
  it('enumerates their functions (a new export joins the fuzz automatically)', () => {
    expect(functionsOf(special)).toEqual([
      'digamma',
      'lgamma',
      'logBeta',
      'logDiffExp',
      'logHyp2f1',
      'logSumExp',
    ]);
    expect(functionsOf(report).length).toBeGreaterThanOrEqual(11);
    expect(functionsOf(sheets).length).toBeGreaterThanOrEqual(19);
  });
});

fuzzEntry('clvkit/special (built)', special, functionsOf(special), ClvError);
fuzzEntry('clvkit/report (built)', report, functionsOf(report), ClvError);
fuzzEntry('the spreadsheet functions', sheets, functionsOf(sheets));
