import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { runInProcess } from './inProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-exports-'));
let n = 0;
const file = (text: string, name = `e${n++}.csv`) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** The summary's rows as objects, by customer id (json output). */
async function summary(args: string[]) {
  const r = await runInProcess(['summary', ...args, '--format', 'json']);
  const rows = r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>[]) : [];
  return { ...r, byId: new Map(rows.map((row) => [String(row.customer_id), row])) };
}

/** Shopify-like invoice lines: one row per product, lines of an order share its name. */
const LINES = `order,customer,created_at,qty,unit_price
#1001,alice@example.com,2024-01-05 10:00,2,19.99
#1001,alice@example.com,2024-01-05 10:00,1,0.333
#1002,bob@example.com,2024-01-06 09:00,3,5.50
#1003,alice@example.com,2024-02-01 23:50,1,100
#1003,alice@example.com,2024-02-02 00:10,1,1
`;

describe('quantity × unit price (--quantity-col, --price-col)', () => {
  it('gives each line its exact amount and says which columns make it', async () => {
    const path = file(LINES);
    const r = await summary([
      path,
      '--customer-col',
      'customer',
      '--quantity-col',
      'qty',
      '--price-col',
      'unit_price',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('columns: customer=customer, date=created_at, amount=qty × unit_price\n');
    // 2 × 19.99 + 0.333 + 100 + 1: exact, with the product's three decimals kept.
    expect(r.byId.get('alice@example.com')).toMatchObject({ total_spend: '141.313', orders: 4 });
    expect(r.byId.get('bob@example.com')).toMatchObject({ total_spend: '16.5', orders: 1 });
  });
  it('refuses a quantity without a price and an amount column beside them; rejects a bad quantity naming it', async () => {
    const path = file(LINES);
    const alone = await runInProcess(['summary', path, '--quantity-col', 'qty']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('give --quantity-col and --price-col together');
    const both = await runInProcess([
      'summary',
      path,
      '--quantity-col',
      'qty',
      '--price-col',
      'unit_price',
      '--amount-col',
      'unit_price',
    ]);
    expect(both.stderr).toContain('--amount-col: not with --quantity-col and --price-col');
    const bad = file(`${LINES}#1004,bob@example.com,2024-03-01,two,1\n`);
    const r = await runInProcess([
      'summary',
      bad,
      '--customer-col',
      'customer',
      '--quantity-col',
      'qty',
      '--price-col',
      'unit_price',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${bad}, line 7: column qty: expected a quantity (a plain decimal such as 1234.56; see --amount-format), received 'two'`,
    );
  });
});

describe('orders from invoice lines (--order-col)', () => {
  it('makes one order of the lines of one order, dated by its earliest line', async () => {
    const path = file(LINES);
    const r = await summary([
      path,
      '--customer-col',
      'customer',
      '--quantity-col',
      'qty',
      '--price-col',
      'unit_price',
      '--order-col',
      'order',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('amount=qty × unit_price, order=order\n');
    expect(r.stderr).toContain('read 5 rows: 5 used, 0 rejected\n');
    // #1001 (40.313) and #1003 (101, spanning midnight, dated 2024-02-01): two orders, two days.
    expect(r.byId.get('alice@example.com')).toMatchObject({
      orders: 2,
      frequency: 1,
      total_spend: '141.313',
      last_purchase: '2024-02-01',
    });
  });
  it('with an amount column, sums the lines; with --amount-col none, counts orders', async () => {
    const path = file(
      'invoice,customer_id,date,amount\n1,a,2024-01-01,10.10\n1,a,2024-01-01,0.01\n2,a,2024-01-03,5\n',
    );
    const summed = await summary([path, '--order-col', 'invoice']);
    expect(summed.byId.get('a')).toMatchObject({ orders: 2, total_spend: '15.11' });
    const counted = await summary([path, '--order-col', 'invoice', '--amount-col', 'none']);
    expect(counted.byId.get('a')).toMatchObject({ orders: 2, total_spend: '0' });
  });
  it('rejects a line naming another customer than its order, and counts every line of a refused order', async () => {
    const path = file(
      `${LINES}#1002,carol@example.com,2024-01-06,1,1\n#9,bob@example.com,2024-03-01,-1,5.50\n`,
    );
    const r = await runInProcess([
      'summary',
      path,
      '--customer-col',
      'customer',
      '--quantity-col',
      'qty',
      '--price-col',
      'unit_price',
      '--order-col',
      'order',
      '--on-bad-row',
      'skip',
      '--rejects',
      join(dir, 'rej.csv'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('read 7 rows: 5 used, 2 rejected (1 order, 1 amount)\n');
    const rejects = readFileSync(join(dir, 'rej.csv'), 'utf8');
    expect(rejects).toContain(
      "7,\"column customer: expected bob@example.com, the customer of the order's first line 4 (one order, one customer and currency), received 'carol@example.com'\"",
    );
    expect(rejects).toContain(
      `8,"order of line 8: total qty × unit_price: expected an amount of 0 or more, received '-5.5'","#9,bob@example.com,2024-03-01,-1,5.50"`,
    );
  });
});

describe("Shopify's orders export: order-level fields on an order's first line only", () => {
  // One row per line item; Total and Currency are written on the first line of each order and left blank on
  // the others (Email and Created at repeat), as Shopify exports them.
  const SHOPIFY = `Name,Email,Financial Status,Currency,Subtotal,Total,Created at,Lineitem quantity,Lineitem price
#1001,a@x.com,paid,USD,20.00,22.00,2024-01-05 10:00:00 -0500,1,12.00
#1001,a@x.com,,,,,2024-01-05 10:00:00 -0500,1,8.00
#1002,a@x.com,paid,USD,10.00,11.00,2024-01-09 10:00:00 -0500,1,10.00
#1003,b@x.com,paid,USD,50.00,55.00,2024-02-01 23:30:00 -0500,2,25.00
#1003,b@x.com,,,,,2024-02-01 23:30:00 -0500,1,0.00
`;
  const NOTE =
    "orders: 2 lines left the amount or currency blank, given on another line of the same order (an order-level field, as in Shopify's export)\n";

  it('--order-col Name: each order takes its Total and Currency from the line that gives them, said on stderr', async () => {
    const r = await summary([file(SHOPIFY), '--order-col', 'Name']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `columns: customer=Email, date=Created at, amount=Total, order=Name, currency=Currency\n${NOTE}read 5 rows: 5 used, 0 rejected\n`,
    );
    expect(r.byId.get('a@x.com')).toMatchObject({ orders: 2, total_spend: '33', frequency: 1 });
    // 23:30 at −05:00 is 04:30 UTC the next day (the default --time-zone).
    expect(r.byId.get('b@x.com')).toMatchObject({
      orders: 1,
      total_spend: '55',
      first_purchase: '2024-02-02',
    });
    // Line items instead (before shipping and taxes): every line gives its quantity and price.
    const lines = await summary([
      file(SHOPIFY),
      '--order-col',
      'Name',
      '--quantity-col',
      'Lineitem quantity',
      '--price-col',
      'Lineitem price',
    ]);
    expect(lines.byId.get('a@x.com')).toMatchObject({ orders: 2, total_spend: '30' });
    expect(lines.byId.get('b@x.com')).toMatchObject({ total_spend: '50' });
    // Without --order-col a line is an order: the blank Total is rejected, never read as 0, and the rejection
    // names the flag that reads the file (Shopify's order number is its Name, beside Lineitem columns).
    const plain = await summary([file(SHOPIFY)]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain(
      "line 3: column Total: expected an amount, received a blank (if another line of its order gives it, as in Shopify's export, pass --order-col 'Name')",
    );
    // A Name column without Lineitem columns is a customer's name: no advice.
    const named = await summary([file('customer,Name,date,amount\nc1,Ann,2024-01-05,\n')]);
    expect(named.stderr).toContain('line 2: column amount: expected an amount, received a blank\n');
    // An Order ID column is advised whatever else the file has; with --amount-format the same words.
    const invoice = 'customer,Order ID,date,amount\nc1,A1,2024-01-05,3.00\nc1,A1,2024-01-05,\n';
    const advice =
      "line 3: column amount: expected an amount, received a blank (if another line of its order gives it, as in Shopify's export, pass --order-col 'Order ID')";
    expect((await summary([file(invoice)])).stderr).toContain(advice);
    expect((await summary([file(invoice), '--amount-format', '1,234.56'])).stderr).toContain(advice);
  });

  it('an order none of whose lines gives the amount or the currency is rejected, each of its lines', async () => {
    const text = `${SHOPIFY}#1004,c@x.com,,,,,2024-02-03 10:00:00 -0500,1,5.00
#1004,c@x.com,,,,,2024-02-03 10:00:00 -0500,1,5.00
#1005,c@x.com,paid,,,7.00,2024-02-04 10:00:00 -0500,1,7.00
#1006,c@x.com,paid,USD,,9.00,2024-02-05 10:00:00 -0500,1,9.00
`;
    const rejects = join(dir, 'shopify-rejects.csv');
    const r = await summary([file(text), '--order-col', 'Name', '--max-rejects', '10', '--rejects', rejects]);
    expect(r.code, r.stderr).toBe(0);
    const listed = readFileSync(rejects, 'utf8').trim().split('\n').slice(1);
    expect(listed).toEqual([
      expect.stringMatching(
        /^7,"order of line 7 \(2 lines\): column Total: expected an amount on one of its lines, received blanks"/,
      ),
      expect.stringMatching(/^8,"order of line 7 \(2 lines\): column Total/),
      expect.stringMatching(
        /^9,"order of line 9: column Currency: expected a currency code on one of its lines, received blanks"/,
      ),
    ]);
    // Only the lines of orders that were used count in the note: #1001's and #1003's second lines.
    expect(r.stderr).toContain(NOTE);
    expect(r.stderr).toContain('read 9 rows: 6 used, 3 rejected (2 amount, 1 currency)');
    expect(r.byId.get('c@x.com')).toMatchObject({ orders: 1, total_spend: '9' });
  });
});

describe('--only COLUMN=VALUE…: rows of other statuses left out, counted, never rejected', () => {
  // Stripe's payments export lists failed charges too, often without a customer or an amount.
  const STRIPE = `id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer Email
ch_1,2024-01-05 10:00,20.00,0.00,usd,Paid,a@x.com
ch_2,2024-01-06 11:00,15.00,0.00,usd,Failed,a@x.com
ch_3,2024-01-07 12:00,30.00,30.00,usd,Refunded,b@x.com
ch_4,2024-02-07 12:00,12.50,2.50,usd,Paid,b@x.com
ch_5,2024-02-08 12:00,,0.00,usd,Failed,
`;

  it("Stripe: --only 'Status=Paid,Refunded' with --refund-col reads what was charged and kept", async () => {
    const rejects = join(dir, 'only-rejects.csv');
    const r = await summary([
      file(STRIPE),
      '--only',
      'Status=Paid, Refunded',
      '--refund-col',
      'Amount Refunded',
      '--rejects',
      rejects,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'columns: customer=Customer Email, date=Created (UTC), amount=Amount, currency=Currency, refund=Amount Refunded\nonly: 2 rows left out (Status: Failed 2)\nread 5 rows: 3 used, 2 rejected (2 filtered)\nreturns: 2 rows netted, value 32.5, unmatched 0\n',
    );
    // a@x.com: the paid 20 only; b@x.com: 30 refunded in full (no occasion), 12.50 − 2.50.
    expect(r.byId.get('a@x.com')).toMatchObject({ orders: 1, total_spend: '20' });
    expect(r.byId.get('b@x.com')).toMatchObject({ orders: 1, total_spend: '10' });
    // The failed charge with no customer and no amount is left out by its status, not rejected for its fields.
    expect(readFileSync(rejects, 'utf8').trim().split('\n').slice(1)).toEqual([
      `3,"column Status: 'Failed' is not one of the values kept, left out (--only 'Status=Paid, Refunded')","ch_2,2024-01-06 11:00,15.00,0.00,usd,Failed,a@x.com"`,
      `6,"column Status: 'Failed' is not one of the values kept, left out (--only 'Status=Paid, Refunded')","ch_5,2024-02-08 12:00,,0.00,usd,Failed,"`,
    ]);
    // Left-out rows are asked for: they never stop a run (the default --max-rejects stops at the first rejection).
    // Every row left out (the file writes Paid, not paid): the error says which values were there.
    const none = await summary([file(STRIPE), '--only', 'Status=paid']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'every row was rejected (5 of 5)\nonly: 5 rows left out (Status: Paid 2, Failed 2, Refunded 1)\nonly: no row holds Status=paid (compared exactly, case as written: Paid was left out)\nread 5 rows: 0 used, 5 rejected (5 filtered)\n',
    );
    const paid = await summary([file(STRIPE), '--only', 'Status=Paid']);
    expect(paid.code, paid.stderr).toBe(0);
    expect(paid.stderr).toContain(
      'only: 3 rows left out (Status: Failed 2, Refunded 1)\nread 5 rows: 2 used, 3 rejected (3 filtered)\n',
    );
  });

  it('a value with a comma in double quotes; a value kept that no row holds is named', async () => {
    const text = `customer,date,amount,Status
a,2024-01-05,10,"Paid, in full"
a,2024-02-05,4,"Paid, in part"
b,2024-01-07,7,Refunded
c,2024-01-08,9,"Said ""no"""
`;
    const r = await summary([
      file(text),
      '--only',
      'Status="Paid, in full",Refunded,"Said ""no""", Pending,paid, in full',
      '--max-rejects',
      '1',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.byId.get('a')).toMatchObject({ orders: 1, total_spend: '10' });
    expect(r.byId.get('b')).toMatchObject({ orders: 1, total_spend: '7' });
    expect(r.byId.get('c')).toMatchObject({ orders: 1, total_spend: '9' });
    expect(r.stderr).toContain(
      'only: 1 row left out (Status: Paid, in part 1)\nonly: no row holds Status=Pending\nonly: no row holds Status=paid\nonly: no row holds Status=in full\nread 4 rows: 3 used, 1 rejected (1 filtered)\n',
    );
    // Nothing left out, and a value no row holds: still said.
    const all = await summary([
      file(text),
      '--only',
      'Status="Paid, in full","Paid, in part",Refunded,"Said ""no""",Void',
    ]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toContain('only: no row holds Status=Void\nread 4 rows: 4 used, 0 rejected\n');
  });

  it('a column of many values: the note lists the most frequent and counts the rest, in bounded memory', async () => {
    const rows = Array.from({ length: 1_010 }, (_, i) => `c${i},2024-01-05,1,v${i}`);
    const text = `customer,date,amount,Status\nk,2024-01-05,3,keep\n${rows.join('\n')}\n`;
    const r = await summary([file(text), '--only', 'Status=keep']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'only: 1,010 rows left out (Status: v0 1, v1 1, v2 1, v3 1, v4 1, more than 995 other values)\nread 1,011 rows: 1 used, 1,010 rejected (1,010 filtered)\n',
    );
    const few = await summary([
      file(`customer,date,amount,Status\nk,2024-01-05,3,keep\n${rows.slice(0, 7).join('\n')}\n`),
      '--only',
      'Status=keep',
    ]);
    expect(few.stderr).toContain('(Status: v0 1, v1 1, v2 1, v3 1, v4 1, 2 other values)');
  });

  it("Shopify: an order's status on its first line decides for its other lines (--order-col)", async () => {
    const text = `Name,Email,Financial Status,Currency,Total,Created at
#1001,a@x.com,paid,USD,22.00,2024-01-05
#1001,a@x.com,,,,2024-01-05
#1002,a@x.com,voided,USD,11.00,2024-01-09
#1002,a@x.com,,,,2024-01-09
#1003,b@x.com,,,,2024-02-01
#1003,b@x.com,,USD,55.00,2024-02-01
`;
    const rejects = join(dir, 'only-orders-rejects.csv');
    const flags = ['--order-col', 'Name', '--only', 'Financial Status=paid', '--max-rejects', '5'];
    const r = await summary([file(text), ...flags, '--rejects', rejects]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.byId.get('a@x.com')).toMatchObject({ orders: 1, total_spend: '22' });
    expect(r.byId.has('b@x.com')).toBe(false);
    expect(r.stderr).toContain('only: 4 lines left out (Financial Status: voided 2, (blank) 2)\n');
    expect(r.stderr).toContain('read 6 rows: 2 used, 4 rejected (4 filtered)\n');
    expect(
      readFileSync(rejects, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',"')[1]?.split(', left out')[0]),
    ).toEqual([
      "column Financial Status: 'voided' is not one of the values kept",
      "column Financial Status: blank on a line of the order of line 4, which holds 'voided'",
      'order of line 6 (2 lines): column Financial Status: no line holds a value kept',
      'order of line 6 (2 lines): column Financial Status: no line holds a value kept',
    ]);
  });

  it('refuses a value list it cannot read, a column not in the header and the engines', async () => {
    for (const [only, words] of [
      [
        'Status',
        "--only: expected COLUMN=VALUE or COLUMN=VALUE,VALUE… (e.g. 'Status=Paid' for Stripe's payments export; a value with a comma in double quotes), received 'Status'",
      ],
      ['Status="Paid', `received 'Status="Paid'`],
      ['Status="Paid"x', `received 'Status="Paid"x'`],
      ['Status=Pa"id', `received 'Status=Pa"id'`],
      // As in a CSV line, a quoted value opens right after the = or the comma.
      ['Status= "Paid, in full"', `received 'Status= "Paid, in full"'`],
      ['=Paid', "received '=Paid'"],
      ['Status=Paid,', "received 'Status=Paid,'"],
      ['Nope=1', "--only: no column 'Nope' in the header"],
    ] as const) {
      const r = await summary([file(STRIPE), '--only', only]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(words);
    }
    const engine = await summary([
      file(STRIPE),
      '--only',
      'Status=Paid',
      '--engine',
      'duckdb',
      '--currency-col',
      'none',
    ]);
    expect(engine.stderr).toContain('--only is for the in-process reader; not with --engine duckdb');
  });
});

describe('refunds in a column (--refund-col): netted as returns on the day of their row or order', () => {
  // Stripe's payments export: each charge with the amount refunded on it (no refund date).
  const STRIPE = `id,Created (UTC),Amount,Amount Refunded,Currency,Customer ID,Status
ch_1,2024-01-05 10:22:01,25.00,0.00,usd,cus_A,Paid
ch_2,2024-02-05 11:00:00,25.00,25.00,usd,cus_A,Refunded
ch_3,2024-03-01 09:00:00,40.50,10.50,usd,cus_B,Paid
ch_4,2024-03-09 09:00:00,15.00,0.00,usd,cus_B,Paid
`;

  it('a charge refunded in full is no purchase occasion; a partial refund nets; the return rate is reported', async () => {
    const r = await summary([file(STRIPE), '--refund-col', 'Amount Refunded']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'columns: customer=Customer ID, date=Created (UTC), amount=Amount, currency=Currency, refund=Amount Refunded\nread 4 rows: 4 used, 0 rejected\nreturns: 2 rows netted, value 35.5, unmatched 0\n',
    );
    // cus_A: 25 kept, 25 bought and refunded the same day (no occasion): one order, return rate 25 / 50.
    expect(r.byId.get('cus_A')).toMatchObject({
      frequency: 0,
      orders: 1,
      total_spend: '25',
      return_rate: 0.5,
    });
    // cus_B: 40.50 − 10.50 = 30 and 15: two occasions, 45 in all, 10.50 of 55.50 returned.
    expect(r.byId.get('cus_B')).toMatchObject({ frequency: 1, orders: 2, total_spend: '45' });
    expect(r.byId.get('cus_B')?.return_rate).toBeCloseTo(10.5 / 55.5, 10);
    // Without the flag the refunds are not read: every charge at its full amount (the columns line says which).
    const gross = await summary([file(STRIPE)]);
    expect(gross.byId.get('cus_A')).toMatchObject({ frequency: 1, total_spend: '50' });
  });

  it("an order's refund written on its first line (Shopify's Refunded Amount) nets against the order", async () => {
    const text = `Name,Email,Currency,Total,Refunded Amount,Created at,Lineitem price
#1,a@x.com,USD,22.00,0.00,2024-01-05,12.00
#1,a@x.com,,,,2024-01-05,10.00
#2,a@x.com,USD,11.00,11.00,2024-01-09,11.00
#3,a@x.com,USD,30.00,5.00,2024-02-01,30.00
`;
    const r = await summary([file(text), '--order-col', 'Name', '--refund-col', 'Refunded Amount']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.byId.get('a@x.com')).toMatchObject({ frequency: 1, orders: 2, total_spend: '47' }); // 22 + 25
    expect(r.stderr).toContain('orders: 1 line left the amount, currency or refund blank');
  });

  it('refuses another --returns, a profit flag and the engines; a negative refund rejects its row, naming it', async () => {
    const path = file(STRIPE);
    const flags = [path, '--refund-col', 'Amount Refunded'];
    for (const [extra, words] of [
      [['--returns', 'exclude'], '--returns exclude: not with --refund-col'],
      [['--profit-margin', '0.3'], '--refund-col: not with --profit-margin'],
      [['--engine', 'duckdb', '--currency-col', 'none'], '--refund-col is for the in-process reader'],
    ] as const) {
      const r = await summary([...flags, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(words);
    }
    const negative = await summary([file(STRIPE.replace('40.50,10.50', '40.50,-10.50')), ...flags.slice(1)]);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain(
      "line 4: column Amount Refunded: expected the amount refunded, 0 or more, received '-10.50'",
    );
  });

  it('a refunded row dated as an isolated outlier is one rejected line, not two', async () => {
    // 300 rows: the rule's tail may hold 3 of the core's rows, and the outlier's purchase and refund are 2.
    const rows = Array.from(
      { length: 300 },
      (_, i) => `c${i % 5},2024-0${1 + (i % 9)}-1${i % 9},${10 + i},0`,
    );
    const text = `customer_id,date,amount,refund\n${rows.join('\n')}\nc9,1901-01-01,50,20\n`;
    const r = await summary([file(text), '--refund-col', 'refund', '--max-rejects', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('outlier dates: 1 row outside 2024-01-10 … 2024-09-18');
    expect(r.stderr).toContain('read 301 rows: 300 used, 1 rejected (1 outlier date)');
  });
});

describe('number formats (--amount-format, --decimal-separator): never guessed', () => {
  const EURO = 'kunde;datum;betrag\nk1;2024-01-05;1.234,50 €\nk1;2024-02-05;12,5\nk2;2024-01-07;$9.99\n';
  it('reads decimal commas, thousands separators and the named symbol only', async () => {
    const path = file(EURO);
    const r = await summary([
      path,
      '--delimiter',
      ';',
      '--customer-col',
      'kunde',
      '--date-col',
      'datum',
      '--amount-col',
      'betrag',
      '--amount-format',
      '1.234,56 €',
      '--on-bad-row',
      'skip',
    ]);
    expect(r.code).toBe(0);
    expect(r.byId.get('k1')).toMatchObject({ total_spend: '1247', orders: 2 });
    expect(r.stderr).toContain('read 3 rows: 2 used, 1 rejected (1 amount)\n');
    const stop = await runInProcess([
      'summary',
      path,
      '--delimiter',
      ';',
      '--customer-col',
      'kunde',
      '--date-col',
      'datum',
      '--amount-col',
      'betrag',
      '--amount-format',
      '1.234,56 €',
    ]);
    expect(stop.stderr).toContain(
      "line 4: column betrag: expected an amount written like 1.234,56 €, received '$9.99'",
    );
  });
  it('without a format a decimal comma is rejected, never guessed; --decimal-separator , reads it', async () => {
    const path = file('customer_id,date,amount\na,2024-01-01,"12,50"\n');
    const plain = await runInProcess(['summary', path]);
    expect(plain.code).toBe(2);
    const comma = await summary([path, '--decimal-separator', ',']);
    expect(comma.byId.get('a')).toMatchObject({ total_spend: '12.5' });
    const both = await runInProcess([
      'summary',
      path,
      '--decimal-separator',
      ',',
      '--amount-format',
      '1234,56',
    ]);
    expect(both.stderr).toContain('--decimal-separator: not with --amount-format');
    const badSample = await runInProcess(['summary', path, '--amount-format', '12,50']);
    expect(badSample.stderr).toContain(
      '--amount-format: expected the number 1234.56 written as the file writes it',
    );
  });
});

describe('currencies (--currency-col, --rates, --reporting-currency)', () => {
  const MIXED =
    'customer_id,date,amount,currency\na,2024-01-10,100,GBP\na,2024-02-10,100,EUR\nb,2024-03-10,10.01,USD\n';
  it('refuses mixed currencies without rates, naming both', async () => {
    const path = file(MIXED);
    const r = await runInProcess(['summary', path, '--currency-col', 'currency']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${path}, line 3: column currency: amounts in EUR and GBP (from line 2) cannot be added without exchange rates; give --rates FILE`,
    );
  });
  it('converts exactly at the rate on or before each order day; a currency without a rate is rejected', async () => {
    const path = file(MIXED);
    const rates = file(
      'date,currency,rate\n2024-01-01,EUR,0.85\n2024-02-10,EUR,0.8571\n2024-04-01,USD,0.79\n',
      'rates.csv',
    );
    const args = [path, '--currency-col', 'currency', '--rates', rates, '--reporting-currency', 'gbp'];
    const r = await summary([...args, '--on-bad-row', 'skip']);
    expect(r.code).toBe(0);
    expect(r.byId.get('a')).toMatchObject({ total_spend: '185.71' }); // 100 + 100 × 0.8571 (the rate of 02-10)
    expect(r.stderr).toContain(
      `values: revenue, in GBP at the rate on or before each order's day (--rates ${rates})\n`,
    );
    expect(r.stderr).toContain('read 3 rows: 2 used, 1 rejected (1 currency)');
    const stop = await runInProcess(['summary', ...args]);
    expect(stop.stderr).toContain(
      "line 4: column currency: expected a currency with a rate into GBP on or before 2024-03-10, received 'USD'",
    );
    const noReporting = await runInProcess(['summary', path, '--currency-col', 'currency', '--rates', rates]);
    expect(noReporting.stderr).toContain('--rates: give --reporting-currency too');
    const ontoRates = await runInProcess(['summary', ...args, '--on-bad-row', 'skip', '--rejects', rates]);
    expect(ontoRates.code).toBe(2);
    expect(readFileSync(rates, 'utf8')).toContain('2024-02-10,EUR,0.8571'); // never truncated
  });
  it('--reporting-currency without --rates: every row must be in it', async () => {
    const path = file(MIXED);
    const r = await runInProcess([
      'summary',
      path,
      '--currency-col',
      'currency',
      '--reporting-currency',
      'GBP',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'line 3: column currency: amounts in EUR and GBP (--reporting-currency) cannot be added without exchange rates',
    );
    const gbp = file('customer_id,date,amount,currency\na,2024-01-10,100,GBP\n');
    const ok = await summary([gbp, '--currency-col', 'currency', '--reporting-currency', 'GBP']);
    expect(ok.byId.get('a')).toMatchObject({ total_spend: '100' });
  });
});

describe('profit, not revenue (--cost-col, --profit-margin)', () => {
  const COSTED =
    'customer_id,date,amount,cost\na,2024-01-10,100,60\na,2024-02-10,50.5,50\nb,2024-01-10,10,12\n';
  it('values are amount − cost, said on stderr; a sale below cost is rejected naming it', async () => {
    const path = file(COSTED);
    const r = await summary([path, '--cost-col', 'cost', '--on-bad-row', 'skip']);
    expect(r.byId.get('a')).toMatchObject({ total_spend: '40.5' });
    expect(r.stderr).toContain('values: profit = amount − cost (column cost)\n');
    expect(r.stderr).toContain('read 3 rows: 2 used, 1 rejected (1 cost)');
  });
  it('--profit-margin M: values are amount × M, exactly', async () => {
    const path = file(COSTED);
    const r = await summary([path, '--profit-margin', '0.3']);
    expect(r.byId.get('a')).toMatchObject({ total_spend: '45.15' });
    expect(r.stderr).toContain('values: profit = amount × margin 0.3\n');
    const bad = await runInProcess(['summary', path, '--profit-margin', '30']);
    expect(bad.stderr).toContain('--profit-margin: expected a gross margin above 0 and at most 1');
    const both = await runInProcess(['summary', path, '--profit-margin', '0.3', '--cost-col', 'cost']);
    expect(both.stderr).toContain('--profit-margin: not with --cost-col');
    // predict's own --margin (CLV as profit) would count the margin twice.
    const twice = await runInProcess(['predict', path, '--cost-col', 'cost', '--margin', '0.5']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--margin: not with --cost-col, which already makes the values profit');
  });
});

describe('dates of real exports (--date-format excel|M/d/yyyy, --time-zone)', () => {
  it('reads Excel serials', async () => {
    const path = file('customer_id,date,amount\na,40513.35,1\na,40520,1\n');
    const r = await summary([path, '--date-format', 'excel']);
    expect(r.byId.get('a')).toMatchObject({ first_purchase: '2010-12-01', last_purchase: '2010-12-08' });
  });
  it('reads US dates with a time (the original UCI Online Retail export)', async () => {
    const path = file('customer_id,date,amount\na,12/1/2010 8:26,1\na,1/12/2011 17:05,1\n');
    const r = await summary([path, '--date-format', 'M/d/yyyy']);
    expect(r.byId.get('a')).toMatchObject({ first_purchase: '2010-12-01', last_purchase: '2011-01-12' });
  });
  it('dates timestamps with a zone in --time-zone (default UTC); local times as written', async () => {
    const path = file('customer_id,date,amount\na,2024-01-10T23:30:00-05:00,1\nb,2024-01-10 23:30:00,1\n');
    const utc = await summary([path]);
    expect(utc.byId.get('a')).toMatchObject({ first_purchase: '2024-01-11' });
    expect(utc.byId.get('b')).toMatchObject({ first_purchase: '2024-01-10' });
    const ny = await summary([path, '--time-zone', 'America/New_York']);
    expect(ny.byId.get('a')).toMatchObject({ first_purchase: '2024-01-10' });
    const bad = await runInProcess(['summary', path, '--time-zone', 'Mars/Base']);
    expect(bad.stderr).toContain(
      "--time-zone: expected an IANA time zone such as Europe/London, America/New_York or UTC, received 'Mars/Base'",
    );
  });
});

describe('zero amounts (--zero-amounts)', () => {
  it('keeps a $0 row as an order by default; skip leaves it out and counts it', async () => {
    const path = file('customer_id,date,amount\na,2024-01-01,0\nb,2024-01-02,5\n');
    const keep = await summary([path]);
    expect(keep.byId.has('a')).toBe(true);
    const skip = await summary([path, '--zero-amounts', 'skip']);
    expect(skip.code).toBe(0);
    expect(skip.byId.has('a')).toBe(false);
    expect(skip.stderr).toContain('read 2 rows: 1 used, 1 rejected (1 zero amount)');
  });
});

describe('the SQL engines', () => {
  it('refuse the real-export flags rather than ignore them', async () => {
    const path = file('customer_id,date,amount\na,2024-01-01,1\n');
    const r = await runInProcess([
      'summary',
      path,
      '--engine',
      'duckdb',
      '--quantity-col',
      'q',
      '--price-col',
      'p',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--quantity-col is for the in-process reader; not with --engine duckdb');
  });
});

describe('junk in one field of an invoice line (property)', () => {
  it('rejects that line only: every other order keeps its exact total', async () => {
    const junk = fc.constantFrom('', 'abc', '1,5', '0x10', '1e999', '$', '--1', '1.2.3', 'NaN', ' ');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            order: fc.integer({ min: 1, max: 6 }),
            qty: fc.integer({ min: 1, max: 20 }),
            cents: fc.integer({ min: 1, max: 99_999 }),
          }),
          { minLength: 2, maxLength: 25 },
        ),
        fc.nat(),
        fc.constantFrom('qty', 'price'),
        junk,
        async (lines, pick, field, bad) => {
          const k = pick % lines.length;
          const price = (l: { cents: number }) => new Decimal(l.cents).div(100).toFixed();
          const text = lines
            .map((l, i) => {
              const q = i === k && field === 'qty' ? bad : String(l.qty);
              const p = i === k && field === 'price' ? bad : price(l);
              return `${l.order},c${l.order},2024-01-0${(l.order % 5) + 1},"${q}","${p}"`;
            })
            .join('\n');
          const r = await summary([
            file(`order,customer,date,qty,price\n${text}\n`),
            '--customer-col',
            'customer',
            '--quantity-col',
            'qty',
            '--price-col',
            'price',
            '--order-col',
            'order',
            '--on-bad-row',
            'skip',
          ]);
          const expected = new Map<string, Decimal>();
          lines.forEach((l, i) => {
            if (i === k) return;
            const id = `c${l.order}`;
            expected.set(id, (expected.get(id) ?? new Decimal(0)).add(new Decimal(l.qty).mul(price(l))));
          });
          if (expected.size === 0) return;
          expect(r.code).toBe(0);
          expect(r.stderr).toContain(
            `read ${lines.length} rows: ${lines.length - 1} used, 1 rejected (1 ${field === 'qty' ? 'quantity' : 'price'})`,
          );
          expect(r.byId.size).toBe(expected.size);
          for (const [id, total] of expected)
            expect(String(r.byId.get(id)?.total_spend)).toBe(total.toFixed());
        },
      ),
      { numRuns: 40 },
    );
  });
});
