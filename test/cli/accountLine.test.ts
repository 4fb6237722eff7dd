import { describe, expect, it } from 'vitest';
import { accountLine, stoppedLine } from '../../src/cli/ingest/accountLine.js';

describe('the account line (one wording for the in-process reader and the engines)', () => {
  it('counts rows used and rejected, the kinds most first, and says "row" for one', () => {
    expect(accountLine(1, 0, {})).toBe('read 1 row: 1 used, 0 rejected\n');
    expect(accountLine(12_345, 4, { currency: 1, amount: 3 })).toBe(
      'read 12,345 rows: 12,341 used, 4 rejected (3 amount, 1 currency)\n',
    );
  });
  it('says where --max-rejects stopped the run (nothing for the default stop at the first)', () => {
    expect(stoppedLine(0)).toBe('');
    expect(stoppedLine(1)).toBe('stopped: more than 1 row rejected (--max-rejects)\n');
    expect(stoppedLine(2500)).toBe('stopped: more than 2,500 rows rejected (--max-rejects)\n');
  });
});
