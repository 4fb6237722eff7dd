/**
 * The Apps Script file leaves out the merge of spilled runs (tsup.config.ts): no spreadsheet function spills a
 * summary to disk, so src/sheets/noSpillMerge.ts stands in for src/transactions/mergeSortedRuns.ts there.
 * Reads dist/sheets/clvkit.gs.js (built by `npm test`'s pretest when stale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors.js';
import { memoryRunCursor, mergeSortedRuns, storedRunCursor } from '../../src/sheets/noSpillMerge.js';

const gs = readFileSync(join(__dirname, '../../dist/sheets/clvkit.gs.js'), 'utf8');
const MESSAGE = 'spilling a summary to disk is not available in the spreadsheet functions';

describe('the spreadsheet build without the merge of spilled runs', () => {
  it('bundles the stand-in, whose every export throws a ClvError saying so', () => {
    expect(gs).toContain(MESSAGE);
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
