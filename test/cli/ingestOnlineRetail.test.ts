import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { runInProcess } from './inProcess.js';
import { ONLINE_RETAIL_DIR, ONLINE_RETAIL_FLAGS } from './onlineRetail.js';

/**
 * The UCI Online Retail files (../shared/data/online-retail/, see ../shared/data/README.md): invoice lines
 * with quantity × unit price, cancellations (invoice C…, negative quantity), lines without a customer id,
 * zero-price lines and timestamps. Read from the CLI as a user would, with the README's usual cleaning done
 * by the reader's own rules:
 * - no Customer ID → rejected (`customer id`);
 * - a cancellation invoice → its order total is negative → every line rejected (`amount`);
 * - a line of price 0 → left out by `--zero-amounts skip` (`zero amount`);
 * - line amount = Quantity × Price, exactly; lines grouped into orders by Invoice.
 * The totals are the README's cleaned totals; the per-reason counts come from the README (135,080 lines
 * and 107,927 lines without Customer ID) and from an independent count of each file by the README's rules
 * (cancellation lines with a customer id: 8,905 and 9,839; lines with a customer id, not cancelled, of
 * Quantity > 0 and Price 0: 40 and 31; none with Quantity ≤ 0 that is not a cancellation).
 */
const DATA = ONLINE_RETAIL_DIR;
const FLAGS = ONLINE_RETAIL_FLAGS;

describe('UCI Online Retail from the CLI (quantity × price, invoices as orders)', () => {
  const cases = [
    {
      file: 'online_retail_2010_2011.csv.gz',
      read: 541_909,
      used: 397_884,
      rejected: { 'customer id': 135_080, amount: 8_905, 'zero amount': 40 },
      customers: 4_338,
      sales: '8911407.904', // £8,911,407.90 in the README, to the cent
      cents: '8911407.90',
      invoices: 18_532,
    },
    {
      file: 'online_retail_II_2009_2010.csv.gz',
      read: 525_461,
      used: 407_664,
      rejected: { 'customer id': 107_927, amount: 9_839, 'zero amount': 31 },
      customers: 4_312,
      sales: '8832003.274', // £8,832,003.27 in the README
      cents: '8832003.27',
      invoices: 19_213,
    },
  ];
  for (const c of cases) {
    it(`${c.file}: the account is exact and the totals are the README's cleaned totals`, async () => {
      const path = join(DATA, c.file);
      expect(existsSync(path)).toBe(true);
      const r = await runInProcess(['summary', path, ...FLAGS]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(
        'columns: customer=Customer ID, date=InvoiceDate, amount=Quantity × Price, order=Invoice\n' +
          `read ${c.read.toLocaleString('en-US')} rows: ${c.used.toLocaleString('en-US')} used, ${(c.read - c.used).toLocaleString('en-US')} rejected (${Object.entries(
            c.rejected,
          )
            .map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`)
            .join(', ')})\n`,
      );
      const sum = Object.values(c.rejected).reduce((a, b) => a + b, 0);
      expect(c.used + sum).toBe(c.read);
      const rows = r.stdout.trim().split('\n').slice(1);
      expect(rows).toHaveLength(c.customers);
      let sales = new Decimal(0);
      let orders = 0;
      for (const row of rows) {
        const cells = row.split(',');
        orders += Number(cells[8]);
        sales = sales.add(cells[9] as string);
      }
      expect(sales.toString()).toBe(c.sales);
      expect(sales.toDecimalPlaces(2).toFixed(2)).toBe(c.cents);
      expect(orders).toBe(c.invoices); // one order per invoice
    }, 60_000);
  }
  it('fits BG/NBD from the same flags: the cleaned customers, converged', async () => {
    const path = join(DATA, 'online_retail_2010_2011.csv.gz');
    const r = await runInProcess(['fit', 'bgnbd', path, ...FLAGS, '--time-unit', 'week']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('customers,4338,');
    expect(r.stdout).toContain('converged,yes,');
  }, 60_000);
  it('reports from the same flags (profit CLV through the report --margin; --profit-margin refused there)', async () => {
    const path = join(DATA, 'online_retail_2010_2011.csv.gz');
    const out = join(mkdtempSync(join(tmpdir(), 'clvkit-retail-')), 'report.html');
    const refused = await runInProcess(['report', path, ...FLAGS, '--profit-margin', '0.3', '-o', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '--profit-margin: not with report, whose pages call the amounts revenue',
    );
    expect(existsSync(out)).toBe(false);
    const r = await runInProcess(['report', path, ...FLAGS, '--margin', '0.3', '-o', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('4,338 customers'); // the cleaned customers
  }, 60_000);
});
