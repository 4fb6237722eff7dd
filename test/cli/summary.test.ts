import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/cli/output.js';
import { summarizeTransactions } from '../../src/index.js';
import { CDNOW_MASTER, CDNOW_MASTER_READ, CDNOW_SAMPLE, CDNOW_SAMPLE_FLAGS } from './cdnow.js';
import { clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-summary-'));
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const csv = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','));

const LOG = 'customer_id,order_date,amount\na,2024-01-01,10.10\na,2024-01-15,30\nb,2024-02-01,5\n';

describe('clvkit summary', () => {
  it('summarizes the CDNOW master log as the library does (whitespace, header names, yyyyMMdd)', () => {
    const r = clvkit(['summary', CDNOW_MASTER, ...CDNOW_MASTER_READ, '--time-unit', 'week']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('read 69,659 rows: 69,659 used, 0 rejected\n');
    const rows = csv(r.stdout);
    expect(rows[0]).toEqual([
      'customer_id',
      'frequency',
      'recency',
      'T',
      'monetary_value',
      'first_purchase',
      'last_purchase',
      'days_since_last_purchase',
      'orders',
      'total_spend',
      'average_order_value',
    ]);
    expect(rows.length).toBe(23_571);
    // The library on the same lines.
    const lines = readFileSync(CDNOW_MASTER, 'utf8').trim().split('\n').slice(1);
    const log = lines.map((l) => {
      const [id, date, , value] = l.trim().split(/\s+/) as [string, string, string, string];
      return { customerId: id, date, amount: value };
    });
    const lib = summarizeTransactions(log, { timeUnit: 'week' }).customers;
    for (const k of [0, 2, 1000, 23_569]) {
      const c = lib[k];
      const row = rows[k + 1] as string[];
      expect(row[0]).toBe(c?.customerId);
      expect(Number(row[1])).toBe(c?.frequency);
      expect(Number(row[2])).toBeCloseTo(c?.recency as number, 9);
      expect(Number(row[3])).toBeCloseTo(c?.T as number, 9);
      expect(Number(row[4])).toBeCloseTo(c?.monetaryValue as number, 9);
      expect(row[9]).toBe(c?.totalSpend.toString());
    }
    expect(rows[3]).toEqual([
      '00003',
      '5',
      '73',
      '77.7142857143',
      '27.14',
      '1997-01-02',
      '1998-05-28',
      '33',
      '6',
      '156.46',
      '26.08',
    ]);
  });

  it('reads the headerless CDNOW sample by position and reproduces the published calibration figures', () => {
    const r = clvkit(['summary', CDNOW_SAMPLE, ...CDNOW_SAMPLE_FLAGS, '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.length).toBe(2357);
    // Published: ID 1 → x 2, t_x 30.43, T 38.86, zbar 22.35 (cdnow_customers_summary_with_transactions.csv).
    expect(rows[0]).toMatchObject({
      customer_id: '0001',
      frequency: 2,
      frequency_holdout: 1,
      duration_holdout: 39,
    });
    expect(rows[0].recency).toBeCloseTo(30.43, 2);
    expect(rows[0].T).toBeCloseTo(38.86, 2);
    expect(rows[0].monetary_value).toBe(22.345); // published to two decimals: 22.35
    expect(r.stderr).toBe('read 6,919 rows: 6,919 used, 0 rejected\n');
  });

  it('reads a non-ASCII one-character delimiter (decoded lines, not the byte path) to the same summary', () => {
    const expected = clvkit(['summary', file('comma.csv', LOG)]).stdout;
    const section = file('section.csv', LOG.replace(/,/g, '§'));
    expect(clvkit(['summary', section, '--delimiter', '§']).stdout).toBe(expected);
  });

  it('reads standard input, gzip, a byte-order mark, CRLF endings and quoted fields', () => {
    const expected = clvkit(['summary', file('plain.csv', LOG)]).stdout;
    expect(expected.split('\n')[1]).toBe('a,1,14,31,30,2024-01-01,2024-01-15,17,2,40.1,20.05');
    expect(clvkit(['summary', '-'], LOG).stdout).toBe(expected);
    expect(clvkit(['summary', file('log.csv.gz', gzipSync(LOG))]).stdout).toBe(expected);
    const windows = `\uFEFF${LOG.replace(/\n/g, '\r\n')}`;
    expect(clvkit(['summary', file('bom.csv', windows)]).stdout).toBe(expected);
    const quoted =
      'customer_id,order_date,amount\n"a",2024-01-01,"10.10"\n"a",2024-01-15,30\n"b",2024-02-01,5\n';
    expect(clvkit(['summary', file('quoted.csv', quoted)]).stdout).toBe(expected);
  });

  it('writes the same cells in csv (bytes from the columns) as json (row objects) — holdout and awkward ids too', () => {
    const log =
      'customer_id,date,amount\n"=cmd",2024-01-01,10.005\n"a,b",2024-01-03,1\n"=cmd",2024-02-10,0.00001\n' +
      'Zoë,2024-01-05,3\n7,2024-01-09,2\n7,2024-01-10,2.5\n7,2024-03-01,2\n';
    const path = file('awkward.csv', log);
    for (const flags of [
      [],
      ['--calibration-end', '2024-02-01', '--observation-end', '2024-03-31', '--time-unit', 'week'],
    ]) {
      const rows = JSON.parse(clvkit(['summary', path, ...flags, '--format', 'json']).stdout) as Record<
        string,
        string | number
      >[];
      const out = clvkit(['summary', path, ...flags, '--format', 'csv']).stdout;
      expect(out).toBe(formatCsv(rows, Object.keys(rows[0] as object)));
      expect(out).toContain("\n'=cmd,");
    }
    const holdout = clvkit([
      'summary',
      path,
      '--calibration-end',
      '2024-02-01',
      '--observation-end',
      '2024-03-31',
      '--time-unit',
      'week',
    ]);
    expect(csv(holdout.stdout).find((r) => r[0] === '7')).toEqual([
      '7',
      '1',
      '0.1428571429',
      '3.2857142857',
      '2.5',
      '2024-01-09',
      '2024-01-10',
      '22',
      '2',
      '4.5',
      '2.25',
      '1',
      '2',
      '8.4285714286',
    ]);
  });

  it('writes json and ndjson', () => {
    const path = file('fmt.csv', LOG);
    const json = JSON.parse(clvkit(['summary', path, '--format', 'json']).stdout);
    expect(json).toHaveLength(2);
    expect(json[1]).toMatchObject({ customer_id: 'b', frequency: 0, total_spend: '5', orders: 1 });
    const nd = clvkit(['summary', path, '--format', 'ndjson']).stdout.trim().split('\n');
    expect(JSON.parse(nd[0] as string)).toEqual(json[0]);
  });

  it('stops at the first bad row with its line, column and reason (exit 2)', () => {
    const bad = 'customer_id,order_date,amount\na,2024-01-01,1\na,2024-13-01,2\nb,2024-01-02,-3\n';
    const r = clvkit(['summary', file('bad.csv', bad)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `columns: customer=customer_id, date=order_date, amount=amount\nclvkit summary: ${join(dir, 'bad.csv')}, line 3: column order_date: expected a date (yyyy-MM-dd), received '2024-13-01'\nread 2 rows: 1 used, 1 rejected (1 date)\n`,
    );
    const neg = clvkit(['summary', file('neg.csv', 'customer_id,order_date,amount\nb,2024-01-02,-3\n')]);
    expect(neg.stderr).toContain("line 2: column amount: expected an amount of 0 or more, received '-3'");
    expect(neg.code).toBe(2);
  });

  it('names headerless columns by position and the --observation-end flag in bad-row messages', () => {
    const r = clvkit(['summary', file('nohead.csv', 'a,2024-01-01,1\nb,2024-01-99,2\n'), '--no-header']);
    expect(r.stderr).toContain("line 2: column 2: expected a date (yyyy-MM-dd), received '2024-01-99'");
    const late = clvkit(['summary', file('late.csv', LOG), '--observation-end', '2024-01-20']);
    expect(late.code).toBe(2);
    expect(late.stderr).toContain(
      "line 4: column order_date: expected a date on or before --observation-end 2024-01-20, received '2024-02-01'",
    );
  });

  it('skips bad rows on request and writes every rejected line with its reason', () => {
    const bad =
      'customer_id,order_date,amount\na,2024-01-01,1\na,2024-13-01,2\n,2024-01-02,3\nb,2024-01-02,x\nb,2024-01-03,4\nc\n';
    const rejects = join(dir, 'rejects.csv');
    const r = clvkit(['summary', file('skip.csv', bad), '--on-bad-row', 'skip', '--rejects', rejects]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'columns: customer=customer_id, date=order_date, amount=amount\nread 6 rows: 2 used, 4 rejected (1 date, 1 customer id, 1 amount, 1 field count)\n',
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    expect(readFileSync(rejects, 'utf8')).toBe(
      [
        'line,reason,text',
        `3,"column order_date: expected a date (yyyy-MM-dd), received '2024-13-01'","a,2024-13-01,2"`,
        `4,"column customer_id: expected a customer id (a non-empty string or an integer), received ''",",2024-01-02,3"`,
        `5,"column amount: expected an amount of 0 or more, received 'x'","b,2024-01-02,x"`,
        '7,"expected 3 fields as in the header, found 1 (is --delimiter right? a field holding the delimiter, such as 1,234.50, must be quoted)",c',
        '',
      ].join('\n'),
    );
  });

  it('names a missing column and lists the header; a wrong delimiter says so', () => {
    const r = clvkit([
      'summary',
      file('cols.csv', 'client,when,total\na,2024-01-01,1\n'),
      '--date-col',
      'day',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--date-col: no column 'day' in the header ('client', 'when', 'total')");
    const auto = clvkit(['summary', file('cols2.csv', 'client,when,total\na,2024-01-01,1\n')]);
    expect(auto.stderr).toContain(
      "no date column found in the header ('client', 'when', 'total'); name it with --date-col",
    );
    const semi = clvkit(['summary', file('semi.csv', 'customer_id;date;amount\na;2024-01-01;1\n')]);
    expect(semi.code).toBe(2);
    expect(semi.stderr).toContain('(only one column was found: is --delimiter right?)');
    expect(
      clvkit(['summary', file('semi2.csv', 'customer_id;date;amount\na;2024-01-01;1\n'), '--delimiter', ';'])
        .code,
    ).toBe(0);
  });

  it('rejects an empty file, a header with no rows, a missing file and bad flags', () => {
    expect(clvkit(['summary', file('empty.csv', '')]).stderr).toBe(
      `clvkit summary: ${join(dir, 'empty.csv')}: the file is empty\n`,
    );
    const header = clvkit(['summary', file('header.csv', 'customer_id,date,amount\n')]);
    expect(header.stderr).toBe(
      `columns: customer=customer_id, date=date, amount=amount\nclvkit summary: ${join(dir, 'header.csv')}: no data rows after the header\n`,
    );
    expect(header.code).toBe(2);
    const missing = clvkit(['summary', join(dir, 'nope.csv')]);
    expect(missing.stderr).toBe(`clvkit summary: cannot read '${join(dir, 'nope.csv')}': no such file\n`);
    expect(missing.code).toBe(2);
    const fmt = clvkit(['summary', file('f.csv', LOG), '--date-format', 'dd/mm/yy']);
    expect(fmt.stderr).toContain("--date-format: expected 'iso' or a pattern of yyyy, MM and dd");
    const unit = clvkit(['summary', file('u.csv', LOG), '--time-unit', 'fortnight']);
    expect(unit.stderr).toBe(
      `clvkit summary: --time-unit: expected one of 'day', 'week', 'month', 'quarter', 'year', received "fortnight"\n`,
    );
    expect(unit.code).toBe(2);
  });

  it('reads other date formats and splits calibration and holdout', () => {
    const eu = 'customer,date,amount\n1,01/01/2024,10\n1,15/01/2024,30\n1,01/03/2024,7\n';
    const r = clvkit([
      'summary',
      file('eu.csv', eu),
      '--date-format',
      'dd/MM/yyyy',
      '--calibration-end',
      '2024-01-31',
      '--observation-end',
      '2024-03-31',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({
      customer_id: 1,
      frequency: 1,
      recency: 14,
      T: 30,
      frequency_holdout: 1,
      monetary_value_holdout: 7,
      duration_holdout: 60,
      total_spend: '40',
    });
  });
});
