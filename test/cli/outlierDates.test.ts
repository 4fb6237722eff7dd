import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDNOW_MASTER, CDNOW_MASTER_READ } from './cdnow.js';
import { runInProcess } from './inProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-outliers-'));
let n = 0;
const file = (text: string) => {
  const path = join(dir, `f${n++}.txt`);
  writeFileSync(path, text);
  return path;
};

/** CDNOW_master.txt's lines (header first) with `line` inserted as line number `at` (1-based). */
const master = readFileSync(CDNOW_MASTER, 'utf8').split('\n');
const withLine = (line: string, at: number) =>
  [...master.slice(0, at - 1), line, ...master.slice(at - 1)].join('\n');
/** The same log as a comma CSV with ISO dates (read on the byte fast path). */
const HEAD = 'customer_id,date,amount\n';
const csvRows = master
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [id, d, , amount] = l.trim().split(/\s+/) as [string, string, string, string];
    return `${id},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${amount}`;
  });
const SUMMARY = ['summary', '--time-unit', 'week'];
const COLUMNS = 'columns: customer=customer_id, date=date, amount=amount\n';

describe('an isolated outlier date in CDNOW (no --observation-end): rejected with its line, nothing else moves', () => {
  it('one 1971 row in the whitespace master log: stop naming the line, or skip and get the same summary', async () => {
    const base = await runInProcess([...SUMMARY, CDNOW_MASTER, ...CDNOW_MASTER_READ, '--quiet']);
    expect(base.code).toBe(0);
    const path = file(withLine(' 99999 19710101  1   5.00', 1001));
    const stop = await runInProcess([...SUMMARY, path, ...CDNOW_MASTER_READ, '--quiet']);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toContain(
      `clvkit summary: ${path}, line 1001: column date: expected a date within 774 days of the rest of the log (1997-01-01 … 1998-06-30), received '1971-01-01': an isolated outlier date (give --observation-end, or --keep-outlier-dates, to read it)\nread 69,660 rows: 69,659 used, 1 rejected (1 outlier date)\n`,
    );
    const skip = await runInProcess([
      ...SUMMARY,
      path,
      ...CDNOW_MASTER_READ,
      '--quiet',
      '--on-bad-row',
      'skip',
    ]);
    expect(skip.code).toBe(0);
    expect(skip.stderr).toBe(
      'outlier dates: 1 row outside 1997-01-01 … 1998-06-30, more than 774 days from the rest of the log, rejected (--observation-end or --keep-outlier-dates keeps them)\nread 69,660 rows: 69,659 used, 1 rejected (1 outlier date)\n',
    );
    expect(skip.stdout).toBe(base.stdout);
    const kept = await runInProcess([
      ...SUMMARY,
      path,
      ...CDNOW_MASTER_READ,
      '--quiet',
      '--keep-outlier-dates',
    ]);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toBe('read 69,660 rows: 69,660 used, 0 rejected\n');
    expect(kept.stdout).toContain('\n99999,0,0,');
  });

  it('on the byte path, after rows the reader rejected itself and a quoted record over two lines, --rejects lists the right line', async () => {
    const base = await runInProcess([...SUMMARY, file(`${HEAD}${csvRows.join('\n')}\n`), '--quiet']);
    const rows = [
      ...csvRows.slice(0, 100),
      'bad,1998-01-01,1,2', // field count (line 102)
      'worse,1998-01-01,', // blank amount (line 103)
      '"multi\nline",1998-01-02,1', // lines 104–105: one record (a new customer)
      ...csvRows.slice(100, 2000),
      'late,2025-06-01,3.50', // after the rest, before today: an outlier (line 2006)
      ...csvRows.slice(2000),
      '"early",1971-01-01,2', // on the text path (a quoted id), line 69,666
    ];
    const path = file(`${HEAD}${rows.join('\n')}\n`);
    const rejects = join(dir, 'rejects.csv');
    const r = await runInProcess([
      SUMMARY[0] as string,
      path,
      '--time-unit',
      'week',
      '--quiet',
      '--on-bad-row',
      'skip',
      '--rejects',
      rejects,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'read 69,664 rows: 69,660 used, 4 rejected (2 outlier date, 1 field count, 1 amount)\n',
    );
    const listed = readFileSync(rejects, 'utf8').trim().split('\n').slice(1);
    expect(listed.map((l) => l.slice(0, l.indexOf(',')))).toEqual(['102', '103', '2006', '69666']);
    expect(listed[2]).toMatch(/received '2025-06-01': an isolated outlier date .*,2025-06-01$/);
    // Every CDNOW customer's row is as without the added rows ("multi\nline" is one more customer).
    const withoutNew = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('"multi'))
      .filter((l) => !l.startsWith('line"'))
      .join('\n');
    expect(withoutNew).toBe(base.stdout);
  });

  it('a 9999-12-31 row is rejected as after today, and with --observation-end the outlier rule is off', async () => {
    const base = await runInProcess([...SUMMARY, file(`${HEAD}${csvRows.join('\n')}\n`), '--quiet']);
    const path = file(
      `${HEAD}${csvRows.slice(0, 10).join('\n')}\nX1,9999-12-31,1\n${csvRows.slice(10).join('\n')}\n`,
    );
    const skip = await runInProcess([...SUMMARY, path, '--quiet', '--on-bad-row', 'skip']);
    expect(skip.stderr).toBe(`${COLUMNS}read 69,660 rows: 69,659 used, 1 rejected (1 implausible date)\n`);
    expect(skip.stdout).toBe(base.stdout);
    const early = file(`${HEAD}${csvRows.join('\n')}\nX1,1971-01-01,1\n`);
    const ended = await runInProcess([...SUMMARY, early, '--quiet', '--observation-end', '1998-06-30']);
    expect(ended.code).toBe(0);
    expect(ended.stderr).toBe(`${COLUMNS}read 69,660 rows: 69,660 used, 0 rejected\n`);
  });

  it('an order of two lines (--order-col) dated 1971: both its lines are rejected and listed, not one', async () => {
    // CDNOW with an order id per row (its line), and one order X1 of two lines far apart, dated 1971.
    const ORDERS = 'order_id,customer_id,date,amount\n';
    const rows = csvRows.map((r, i) => `o${i},${r}`);
    const base = await runInProcess([
      ...SUMMARY,
      file(`${ORDERS}${rows.join('\n')}\n`),
      '--order-col',
      'order_id',
    ]);
    const path = file(
      `${ORDERS}${rows.slice(0, 10).join('\n')}\nX1,99999,1971-01-01,1\n${rows.slice(10, 500).join('\n')}\nX1,99999,1971-01-01,2\n${rows.slice(500).join('\n')}\n`,
    );
    const rejects = join(dir, 'order-rejects.csv');
    const r = await runInProcess([
      ...SUMMARY,
      path,
      '--order-col',
      'order_id',
      '--max-rejects',
      '2',
      '--rejects',
      rejects,
    ]);
    expect(r.code, r.stderr).toBe(0);
    // Lines 12 and 503 (the header is line 1): before, the order's one core row named one line (the file's
    // last, read when the orders were passed on) and its other line was counted as used.
    expect(
      readFileSync(rejects, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.slice(0, l.indexOf(','))),
    ).toEqual(['12', '503']);
    expect(r.stderr).toContain('outlier dates: 2 rows outside 1997-01-01 … 1998-06-30');
    expect(r.stderr).toContain('read 69,661 rows: 69,659 used, 2 rejected (2 outlier date)\n');
    expect(r.stdout).toBe(base.stdout);
  });
});
