import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../cli/inProcess.js';
import { cdnowMaster, simulatedLog, tempDir, writeCsv } from './fixtures.js';

// DuckDB's first start and the CDNOW master on two shared cores.
vi.setConfig({ testTimeout: 120_000 });

const dir = tempDir();
const SPLIT = ['--time-unit', 'week', '--calibration-end', '1997-09-30', '--observation-end', '1998-06-30'];

/** stdout of `clvkit summary` in-process and with --engine duckdb, for the same file and flags. */
async function both(file: string, flags: string[]): Promise<[string, string]> {
  const node = await runInProcess(['summary', file, ...flags, '--quiet']);
  const duck = await runInProcess(['summary', file, '--engine', 'duckdb', ...flags, '--quiet']);
  expect(node.code, node.stderr).toBe(0);
  expect(duck.code, duck.stderr).toBe(0);
  return [node.stdout, duck.stdout];
}

describe('clvkit summary --engine duckdb prints exactly what the in-process reader prints (issue 19)', () => {
  // Ids with leading zeros and ids that differ only by them ('010' and '10'), whole and two-decimal amounts,
  // customers listed out of id and date order.
  const small = join(dir, 'zeros.csv');
  writeFileSync(
    small,
    [
      'customer_id,date,amount',
      '2,2024-03-01,7',
      '010,2024-01-02,10.25',
      '007,2024-01-05,5.00',
      '10,2024-01-03,1',
      '007,2024-02-01,5',
      'A-1,2024-02-10,0.5',
      '010,2024-03-02,20',
      '',
    ].join('\n'),
  );

  it('a small file: byte-identical CSV and NDJSON, ids as written, money as text', async () => {
    for (const format of ['csv', 'ndjson']) {
      const [node, duck] = await both(small, ['--format', format]);
      expect(duck).toBe(node);
    }
    // Observation end = the last date, 2024-03-02: T and days since the last purchase count to it.
    const [csv] = await both(small, ['--format', 'csv']);
    expect(csv.trim().split('\n')).toEqual([
      'customer_id,frequency,recency,T,monetary_value,first_purchase,last_purchase,days_since_last_purchase,orders,total_spend,average_order_value',
      '2,0,0,1,0,2024-03-01,2024-03-01,1,1,7,7.00',
      '010,1,60,60,20,2024-01-02,2024-03-02,0,2,30.25,15.13',
      '007,1,27,57,5,2024-01-05,2024-02-01,30,2,10,5.00',
      '10,0,0,59,0,2024-01-03,2024-01-03,59,1,1,1.00',
      'A-1,0,0,21,0,2024-02-10,2024-02-10,21,1,0.5,0.50',
    ]);
    const [ndjson] = await both(small, ['--format', 'ndjson']);
    const ids = ndjson
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { customer_id: unknown }).customer_id);
    expect(ids).toEqual([2, '010', '007', 10, 'A-1']);
  });

  it('chooses the columns as the in-process reader does: by the flags, else by known header names, said on stderr', async () => {
    // A Shopify-like header: found by name (before, DuckDB looked for customer_id and failed with its binder error).
    const shop = join(dir, 'shop.csv');
    writeFileSync(
      shop,
      'Email,Created at,Total,Id\nx@y.z,2024-01-01,5,1001\nx@y.z,2024-01-08,7,1002\nw@y.z,2024-01-03,2,1003\n',
    );
    const node = await runInProcess(['summary', shop]);
    const duck = await runInProcess(['summary', shop, '--engine', 'duckdb']);
    expect(duck.code, duck.stderr).toBe(0);
    expect(duck.stdout).toBe(node.stdout);
    const line = 'columns: customer=Email, date=Created at, amount=Total\n';
    expect(node.stderr.startsWith(line)).toBe(true);
    expect(duck.stderr.startsWith(line)).toBe(true);
    // Named by 1-based position, as in-process; flags for all three print no columns line.
    const byPosition = await runInProcess([
      'summary',
      shop,
      '--engine',
      'duckdb',
      '--customer-col',
      '1',
      '--date-col',
      '2',
      '--amount-col',
      '3',
    ]);
    expect(byPosition.stdout).toBe(node.stdout);
    expect(byPosition.stderr).not.toContain('columns:');
    // What in-process refuses to guess, the engine refuses too: a bare Id with the same words; a unit price with
    // the same reason, and only the remedy it can take (quantity × price is the in-process reader's).
    const refused = async (text: string) => {
      const path = join(dir, 'refused.csv');
      writeFileSync(path, text);
      const a = await runInProcess(['summary', path]);
      const b = await runInProcess(['summary', path, '--engine', 'duckdb']);
      expect(a.code).toBe(2);
      expect(b.code).toBe(2);
      return [a.stderr, b.stderr];
    };
    const [id, idByEngine] = await refused('Id,Created at,Total\n1001,2024-01-01,5\n');
    expect(idByEngine).toBe(id);
    // A currency column: in process its currencies are checked; the engine cannot, so it refuses the file unless
    // told the amounts may be added as they are (--currency-col none), and then prints what in-process prints.
    const [, currency] = await refused(
      'Email,Created at,Total,Currency\na@x.com,2024-01-01,5,USD\na@x.com,2024-01-08,7,EUR\n',
    );
    expect(currency).toContain(
      "column 'Currency' looks like each row's currency, which only the in-process reader checks (one currency throughout, or --rates): read without --engine, or pass --currency-col none if every amount is in one currency",
    );
    const none = ['--currency-col', 'none'];
    const path = join(dir, 'refused.csv');
    const a = await runInProcess(['summary', path, ...none]);
    const b = await runInProcess(['summary', path, ...none, '--engine', 'duckdb']);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toContain('columns: customer=Email, date=Created at, amount=Total\n');
    const [, price] = await refused(
      'Invoice,Quantity,InvoiceDate,Price,Customer ID\n1,3,2024-01-01,2.50,c1\n',
    );
    expect(price).toContain(
      "'Price' looks like a unit price beside a quantity column ('Quantity'), so a line's amount may be quantity × price, which only the in-process reader computes (--quantity-col 'Quantity' --price-col 'Price', without --engine); pass --amount-col 'Price' if 'Price' is the line's whole amount",
    );
  });

  it('a small file with a holdout: byte-identical', async () => {
    const [node, duck] = await both(small, [
      '--calibration-end',
      '2024-02-01',
      '--observation-end',
      '2024-03-31',
      '--format',
      'csv',
    ]);
    expect(duck).toBe(node);
  });

  it('the CDNOW master log: byte-identical CSV and NDJSON, with and without a holdout', async () => {
    const csv = writeCsv(cdnowMaster(), dir);
    for (const flags of [
      ['--format', 'csv'],
      ['--format', 'ndjson', ...SPLIT],
      ['--format', 'csv', ...SPLIT],
    ]) {
      const [node, duck] = await both(csv, flags);
      expect(node.split('\n').length).toBeGreaterThan(23_570);
      expect(duck).toBe(node);
    }
  });

  it('1,000,000 simulated rows (a 25 MB CSV that DuckDB reads in parallel): byte-identical, first-appearance order', async () => {
    const csv = writeCsv(simulatedLog(), dir);
    const [node, duck] = await both(csv, ['--format', 'csv', '--time-unit', 'week']);
    expect(node.split('\n').length).toBeGreaterThan(150_000);
    expect(duck === node).toBe(true);
  }, 300_000);
});
