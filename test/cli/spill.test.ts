import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDNOW_MASTER } from './cdnow.js';
import { clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-spill-cli-'));
/** CDNOW_master.txt as a comma CSV with ISO dates, a bad amount at line 3 and a 1971 outlier date at line 1001. */
const rows = readFileSync(CDNOW_MASTER, 'utf8')
  .split('\n')
  .slice(1) // its header
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [id, d, , amount] = l.trim().split(/\s+/) as [string, string, string, string];
    return `${id},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${amount}`;
  });
rows.splice(1, 0, '7,1997-01-05,abc');
rows.splice(999, 0, '99999,1971-01-01,5.00');
const LOG = join(dir, 'orders.csv');
writeFileSync(LOG, `customer_id,date,amount\n${rows.join('\n')}\n`);

describe('--memory-budget: a log larger than the budget is summarized from sorted runs on disk', () => {
  it('writes the same summary and rejects byte for byte as the run in memory, says so on stderr, leaves no file', () => {
    const args = (rejects: string) => [
      LOG,
      '--time-unit',
      'week',
      '--calibration-end',
      '1997-09-30',
      '--on-bad-row',
      'skip',
      '--rejects',
      join(dir, rejects),
      '--format',
      'csv',
      '--quiet',
    ];
    const inMemory = clvkit(['summary', ...args('memory.csv')]);
    expect(inMemory.code).toBe(0);
    const spillDir = mkdtempSync(join(dir, 'runs-'));
    // 0.1 MB = 104,857 bytes: 2,912 orders held at 36 bytes each.
    const spilled = clvkit([
      'summary',
      ...args('spilled.csv'),
      '--memory-budget',
      '0.1',
      '--spill-dir',
      spillDir,
    ]);
    expect(spilled.code).toBe(0);
    expect(spilled.stdout).toBe(inMemory.stdout);
    expect(spilled.stdout.split('\n')[0]).toMatch(/^customer_id,frequency,recency,T,monetary_value/);
    expect(readFileSync(join(dir, 'spilled.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'memory.csv'), 'utf8'),
    );
    // 69,660 orders accepted while reading (the outlier is judged at the end): 23 full runs of 2,912 = 66,976
    // orders, 20 bytes each on disk (16 + the day in log order for the outlier rule): 1,339,520 bytes; 2,684 held.
    const line = new RegExp(
      `\nspilled 23 sorted runs \\(66,976 orders, 1\\.277 MB on disk\\) to ${spillDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/clvkit-runs-\\d+-\\w{6}: more orders than --memory-budget 0\\.1 MB holds \\(2,912\\); merged and removed\\n`,
    );
    expect(spilled.stderr).toMatch(line);
    expect(spilled.stderr.replace(line, '\n')).toBe(inMemory.stderr);
    expect(inMemory.stderr).toContain('read 69,661 rows: 69,659 used, 2 rejected (1 amount, 1 outlier date)');
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it('no line when the log fits; a bad budget or spill directory is named; every log-reading command has the flags', () => {
    const fits = clvkit(['summary', LOG, '--on-bad-row', 'skip', '--memory-budget', '64', '--quiet']);
    expect(fits.code).toBe(0);
    expect(fits.stderr).not.toContain('spilled');
    expect(clvkit(['summary', LOG, '--memory-budget', 'lots']).stderr).toContain(
      "--memory-budget: expected the megabytes for the orders held, e.g. 512 (36 bytes an order, so at least 0.0001), received 'lots'",
    );
    expect(clvkit(['summary', LOG, '--spill-dir', join(dir, 'none')]).stderr).toContain(
      `--spill-dir: expected a directory, received '${join(dir, 'none')}'`,
    );
    for (const command of ['summary', 'rfm', 'fit', 'predict', 'evaluate', 'report']) {
      const help = clvkit([command, '--help']).stdout;
      expect(help, command).toContain('--memory-budget MB');
      expect(help, command).toContain('--spill-dir DIR');
    }
  });
});
