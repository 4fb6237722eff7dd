/**
 * The Apps Script file a spreadsheet user pastes (issue #13, "Spreadsheets in one paste"): at most 200 KB.
 * Reads dist/sheets/clvkit.gs.js (built by `npm test`'s pretest when stale).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const APPS_SCRIPT_BUDGET = 200 * 1024;
const GS = join(__dirname, '../../dist/sheets/clvkit.gs.js');

describe('the Apps Script file (issue #13)', () => {
  it('dist/sheets/clvkit.gs.js is at most 200 KB', () => {
    const bytes = statSync(GS).size;
    const verdict =
      bytes <= APPS_SCRIPT_BUDGET
        ? 'within budget'
        : `dist/sheets/clvkit.gs.js is ${(bytes / 1024).toFixed(1)} KB, over the 200 KB budget: check that the ` +
          "core's schemas use 'zod/mini' and the IIFE is minified (tsup.config.ts)";
    expect(verdict).toBe('within budget');
  });
});
