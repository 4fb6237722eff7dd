import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { similarIds } from '../../src/cli/ingest/similarIds.js';
import { MAX_QUOTED_LINES } from '../../src/cli/ingest/summarizeFile.js';
import { runInProcess } from './inProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-ingest-'));
let n = 0;
const file = (text: string | Buffer, name = `f${n++}.csv`) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const HEAD = 'customer_id,date,amount\n';
const COLUMNS = 'columns: customer=customer_id, date=date, amount=amount\n';
/** The summary CSV's rows as id → the rest of the row. */
const rowsById = (stdout: string) =>
  new Map(
    stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => [l.slice(0, l.indexOf(',')), l.slice(l.indexOf(',') + 1)] as const),
  );

describe('every row is used or rejected with its line and reason', () => {
  it('rejects a row with more fields than the header (an unquoted 1,234.50) instead of reading amount 1', async () => {
    const path = file(`${HEAD}a,2024-01-01,10\nb,2024-01-02,1,234.50\nb,2024-01-03,"1,234.50"\n`);
    const stop = await runInProcess(['summary', path]);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toBe(
      `${COLUMNS}clvkit summary: ${path}, line 3: expected 3 fields as in the header, found 4 (is --delimiter right? a field holding the delimiter, such as 1,234.50, must be quoted)\nread 2 rows: 1 used, 1 rejected (1 field count)\n`,
    );
    const skip = await runInProcess(['summary', path, '--on-bad-row', 'skip']);
    expect(skip.code).toBe(0);
    // Quoted, it is one field, and a thousands separator is not an amount (never read as 1).
    expect(skip.stderr).toBe(`${COLUMNS}read 3 rows: 1 used, 2 rejected (1 field count, 1 amount)\n`);
    expect([...rowsById(skip.stdout).keys()]).toEqual(['a']);
  });

  it('rejects fewer fields too, on the quoted (text) path as on the plain (byte) path', async () => {
    const path = file(
      `${HEAD}a,2024-01-01\n"b",2024-01-01\nc,2024-01-01,1,\n"d",2024-01-01,2,\ne,2024-01-01,3\n`,
    );
    const r = await runInProcess(['summary', path, '--on-bad-row', 'skip']);
    expect(r.stderr).toBe(`${COLUMNS}read 5 rows: 1 used, 4 rejected (4 field count)\n`);
  });

  it('reads a stray quote inside an unquoted field (O"Brien) as a character, and later lines as they are', async () => {
    const lines = [
      `O"Brien,2024-01-01,10`,
      `O"Brien,2024-02-01,5`,
      ...Array.from({ length: 50 }, (_, i) => `c${i},2024-01-0${(i % 9) + 1},1`),
    ];
    const r = await runInProcess(['summary', file(`${HEAD}${lines.join('\n')}\n`)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`${COLUMNS}read 52 rows: 52 used, 0 rejected\n`);
    const rows = rowsById(r.stdout);
    expect(rows.size).toBe(51);
    expect(rows.get('"O""Brien"')).toMatch(/^1,31,/); // one repeat, 31 days later
  });

  it('an unclosed quote rejects its line only, is bounded, and reading 12,000 lines stays linear', async () => {
    const body = Array.from(
      { length: 12_000 },
      (_, i) => `c${i % 500},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 7}`,
    );
    body[1] = 'c1,2024-01-02,"3'; // opens a quote that never closes
    const path = file(`${HEAD}${body.join('\n')}\n`);
    const start = performance.now();
    const r = await runInProcess(['summary', path, '--on-bad-row', 'skip']);
    const seconds = (performance.now() - start) / 1000;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${COLUMNS}read 12,000 rows: 11,999 used, 1 rejected (1 unclosed quote)\n`);
    expect(seconds).toBeLessThan(5); // was 22 s, quadratic; a few tens of ms now
    const stop = await runInProcess(['summary', path]);
    expect(stop.stderr).toContain(`line 3: quoted field is not closed within ${MAX_QUOTED_LINES} lines`);
    // At the end of the file, the open record's first line is rejected and the rest read again.
    const tail = await runInProcess([
      'summary',
      file(`${HEAD}a,2024-01-01,1\nb,2024-01-01,"2\nc,2024-01-02,3\n`),
      '--on-bad-row',
      'skip',
    ]);
    expect(tail.stderr).toBe(`${COLUMNS}read 3 rows: 2 used, 1 rejected (1 unclosed quote)\n`);
    // A stray opening quote whose "closing" quote on a later line is followed by text pulls nothing in.
    const stray = await runInProcess([
      'summary',
      file(`${HEAD}"c0,2024-01-01,0\n"c1,2024-01-01,1\nc2,2024-01-01,2\nc3,2024-01-01,3\n`),
      '--on-bad-row',
      'skip',
    ]);
    expect(stray.stderr).toBe(`${COLUMNS}read 4 rows: 2 used, 2 rejected (2 unclosed quote)\n`);
    expect([...rowsById(stray.stdout).keys()]).toEqual(['c2', 'c3']);
    // A quoted field over two lines is one record.
    const multi = await runInProcess(['summary', file(`${HEAD}"a\nb",2024-01-01,1\nc,2024-01-02,3\n`)]);
    expect(multi.stderr).toBe(`${COLUMNS}read 2 rows: 2 used, 0 rejected\n`);
  });

  it('rejects a blank amount instead of reading $0', async () => {
    const path = file(`${HEAD}a,2024-01-01,10\na,2024-01-05,\na,2024-01-09,  \n`);
    const r = await runInProcess(['summary', path, '--on-bad-row', 'skip', '--format', 'json']);
    expect(r.stderr).toBe(`${COLUMNS}read 3 rows: 1 used, 2 rejected (2 amount)\n`);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ customer_id: 'a', orders: 1, total_spend: '10' });
    const stop = await runInProcess(['summary', path]);
    expect(stop.stderr).toContain(`${path}, line 3: column amount: expected an amount, received a blank`);
  });

  it('--max-rejects N skips up to N bad rows then stops; P% is checked against the rows read', async () => {
    const path = file(
      `${HEAD}a,2024-01-01,1\nb,2024-01-01,x\nc,2024-01-01,-1\nd,2024-01-01,2\ne,2024-01-01,y\n`,
    );
    const two = await runInProcess(['summary', path, '--max-rejects', '2']);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe(
      `${COLUMNS}clvkit summary: ${path}, line 6: column amount: expected an amount of 0 or more, received 'y'\nstopped: more than 2 rows rejected (--max-rejects)\nread 5 rows: 2 used, 3 rejected (3 amount)\n`,
    );
    expect((await runInProcess(['summary', path, '--max-rejects', '3'])).code).toBe(0);
    expect((await runInProcess(['summary', path, '--max-rejects', '60%'])).code).toBe(0);
    const pct = await runInProcess(['summary', path, '--max-rejects', '50%']);
    expect(pct.code).toBe(2);
    expect(pct.stderr).toContain(`${path}: 3 of 5 rows rejected, more than --max-rejects 50%`);
    const bad = await runInProcess(['summary', path, '--max-rejects', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-rejects: expected a number of rows (e.g. 100) or a percentage');
  });

  it('every row rejected is an error (exit 2), with the account', async () => {
    const path = file(`${HEAD}a,2024-01-01,x\nb,2024-01-01,\n`);
    const r = await runInProcess(['summary', path, '--on-bad-row', 'skip']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `${COLUMNS}clvkit summary: ${path}: every row was rejected (2 of 2)\nread 2 rows: 0 used, 2 rejected (2 amount)\n`,
    });
  });

  it('random junk in one field changes only that row’s fate, and read = used + rejected', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const valid = Array.from({ length: 30 }, (_, i) => [
      ids[i % 6] as string,
      `2024-0${(i % 9) + 1}-1${i % 10}`,
      `${i}.5`,
    ]);
    const render = (rows: string[][]) => `${HEAD}${rows.map((r) => r.join(',')).join('\n')}\n`;
    const base = rowsById(
      (await runInProcess(['summary', file(render(valid)), '--observation-end', '2024-12-31'])).stdout,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat(29),
        fc.nat(2),
        fc.string({
          unit: fc.constantFrom('1', '9', '-', '.', ',', '"', ' ', 'x', 'é', '\u00a0', 'e', '0', '\t'),
        }),
        async (row, field, junk) => {
          const rows = valid.map((r) => [...r]);
          (rows[row] as string[])[field] = junk;
          const r = await runInProcess([
            'summary',
            file(render(rows)),
            '--on-bad-row',
            'skip',
            '--observation-end',
            '2024-12-31',
            '--quiet',
          ]);
          const m = /read ([\d,]+) rows: ([\d,]+) used, ([\d,]+) rejected/.exec(r.stderr);
          expect(m, r.stderr).not.toBeNull();
          const [read, used, rejected] = (m as RegExpExecArray)
            .slice(1)
            .map((s) => Number(s.replace(/,/g, '')));
          expect(read).toBe(30);
          expect((used as number) + (rejected as number)).toBe(30);
          const out = rowsById(r.stdout);
          const touched = valid[row]?.[0] as string;
          for (const id of ids) if (id !== touched) expect(out.get(id), id).toBe(base.get(id));
        },
      ),
      { numRuns: 60, seed: 14 },
    );
  });
});

describe('the UCI Online Retail file: the account is exact', () => {
  it('reads 541,909 lines: 406,829 used, 135,080 rejected (no Customer ID), 4,372 customers', async () => {
    const retail = join(__dirname, '../../../shared/data/online-retail/online_retail_2010_2011.csv.gz');
    const r = await runInProcess([
      'summary',
      retail,
      '--customer-col',
      'Customer ID',
      '--date-col',
      'InvoiceDate',
      '--amount-col',
      'Price',
      '--on-bad-row',
      'skip',
    ]);
    expect(r.code, r.stderr).toBe(0);
    // The README: 541,909 lines, 135,080 without Customer ID, 4,372 customers.
    expect(r.stderr).toBe('read 541,909 rows: 406,829 used, 135,080 rejected (135,080 customer id)\n');
    expect(r.stdout.trim().split('\n').length - 1).toBe(4_372);
  }, 60_000);
});

describe('columns are chosen visibly', () => {
  it('prints the columns it found by name; flags given for all three print nothing', async () => {
    const path = file('Email,Created at,Total,Id\nx@y.z,2024-01-01,5,1001\nx@y.z,2024-01-08,7,1002\n');
    const r = await runInProcess(['summary', path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'columns: customer=Email, date=Created at, amount=Total\nread 2 rows: 2 used, 0 rejected\n',
    );
    const named = await runInProcess([
      'summary',
      path,
      '--customer-col',
      'Email',
      '--date-col',
      '2',
      '--amount-col',
      'Total',
    ]);
    expect(named.stderr).toBe('read 2 rows: 2 used, 0 rejected\n');
  });

  it("reads WooCommerce's order export by its header names: the billing email, not the user id (0 for guests)", async () => {
    const path = file(
      'Order Number,Order Status,Order Date,Customer User ID,Billing Email,Order Total Amount,Order Currency\n1001,completed,2024-01-03 12:00,17,a@x.com,30.00,EUR\n1003,completed,2024-02-04 12:00,0,guest@x.com,12.00,EUR\n1004,completed,2024-02-05 12:00,0,other@x.com,9.00,EUR\n',
    );
    const r = await runInProcess(['summary', path]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'columns: customer=Billing Email, date=Order Date, amount=Order Total Amount, currency=Order Currency\nread 3 rows: 3 used, 0 rejected\n',
    );
    // Two guests stay two customers (by user id they would be one customer, "0").
    expect([...rowsById(r.stdout).keys()]).toEqual(['a@x.com', 'guest@x.com', 'other@x.com']);
  });

  it('never takes a bare Id (a Shopify order id) as the customer by guess, and says which flag to pass', async () => {
    const path = file('Id,Created at,Total\n1001,2024-01-01,5\n1002,2024-01-08,7\n');
    const r = await runInProcess(['summary', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "'Id' may be an order id (as in a Shopify export) rather than a customer id, so it is not picked by guess: pass --customer-col 'Id' if it names customers",
    );
    expect((await runInProcess(['summary', path, '--customer-col', 'Id'])).code).toBe(0);
  });

  it('never takes a unit price beside a quantity (invoice lines) as the amount by guess', async () => {
    // The UCI Online Retail header: summing Price would make every total the sum of unit prices.
    const lines =
      'Invoice,Quantity,InvoiceDate,Price,Customer ID\n1,3,2024-01-01,2.50,c1\n2,2,2024-01-08,4.00,c1\n';
    const path = file(lines);
    const r = await runInProcess(['summary', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "'Price' looks like a unit price beside a quantity column ('Quantity'), so a line's amount may be quantity × price; pass --quantity-col 'Quantity' --price-col 'Price' for that, or --amount-col 'Price'",
    );
    const asLines = ['--quantity-col', 'Quantity', '--price-col', 'Price'];
    const lineAmounts = await runInProcess(['summary', path, ...asLines]);
    expect(lineAmounts.code, lineAmounts.stderr).toBe(0);
    const totalSpend = (stdout: string) => {
      const [head = '', c1 = ''] = stdout.trim().split('\n');
      return c1.split(',')[head.split(',').indexOf('total_spend')];
    };
    expect(totalSpend(lineAmounts.stdout)).toBe('15.5'); // 3 × 2.50 + 2 × 4.00
    const prices = await runInProcess(['summary', path, '--amount-col', 'Price']);
    expect(totalSpend(prices.stdout)).toBe('6.5');
    // Without a quantity column, Price is the amount, found by name and said.
    const alone = await runInProcess([
      'summary',
      file('Customer ID,InvoiceDate,Price\nc1,2024-01-01,2.50\n'),
    ]);
    expect(alone.code).toBe(0);
    expect(alone.stderr).toContain('columns: customer=Customer ID, date=InvoiceDate, amount=Price\n');
  });
});

describe('a currency column is found by its name (amounts in two currencies are never added as they are)', () => {
  const SHOP = 'Email,Created at,Total,Currency\n';

  /** The run without flags stops (exit 2, nothing printed) saying `words`; with `flags` it reads, saying `stderr`. */
  const stopsThenReads = async (path: string, words: string, flags: string[], stderr: string) => {
    const first = await runInProcess(['summary', path]);
    expect(first.code).toBe(2);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain(words);
    const r = await runInProcess(['summary', path, ...flags]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(stderr);
    return { first, r };
  };

  it('refuses EUR and USD added together, naming both lines and the flags; --currency-col none adds them', async () => {
    const path = file(
      `${SHOP}a@x.com,2024-01-01,5,USD\na@x.com,2024-01-08,7,EUR\nb@x.com,2024-01-09,7,USD\n`,
    );
    // Said to add them as they are: a@x.com's total is 5 + 7 = 12, and no currency in the columns line.
    const { first, r } = await stopsThenReads(
      path,
      "line 3: column Currency: amounts in EUR and USD (from line 2) cannot be added without exchange rates; give --currency-col 'Currency' --rates FILE",
      ['--currency-col', 'none'],
      'columns: customer=Email, date=Created at, amount=Total\nread 3 rows: 3 used, 0 rejected\n',
    );
    expect(first.stderr).toContain(
      'columns: customer=Email, date=Created at, amount=Total, currency=Currency\n',
    );
    expect(rowsById(r.stdout).get('a@x.com')).toBe('1,7,8,7,2024-01-01,2024-01-08,1,2,12,6.00');
  });

  it('one currency throughout (any case): the same summary as without the column, the column said', async () => {
    const rows = ['a@x.com,2024-01-01,5', 'a@x.com,2024-01-08,7', 'b@x.com,2024-01-09,7.5'];
    const withColumn = await runInProcess([
      'summary',
      file(`${SHOP}${rows.map((l, i) => `${l},${i === 1 ? 'usd' : 'USD'}`).join('\n')}\n`),
    ]);
    const without = await runInProcess(['summary', file(`Email,Created at,Total\n${rows.join('\n')}\n`)]);
    expect(withColumn.code).toBe(0);
    expect(withColumn.stdout).toBe(without.stdout);
    expect(withColumn.stderr).toBe(
      'columns: customer=Email, date=Created at, amount=Total, currency=Currency\nread 3 rows: 3 used, 0 rejected\n',
    );
  });

  it('a row without a currency is rejected as --currency-col rejects it, and counted', async () => {
    await stopsThenReads(
      file(`${SHOP}a@x.com,2024-01-01,5,USD\na@x.com,2024-01-08,7,\nb@x.com,2024-01-09,7,USD\n`),
      "line 3: column Currency: expected a currency code (letters and digits, e.g. EUR), received '' (the column was found by its name; --currency-col none reads no currency)",
      ['--max-rejects', '1'],
      'columns: customer=Email, date=Created at, amount=Total, currency=Currency\nread 3 rows: 2 used, 1 rejected (1 currency)\n',
    );
  });
});

describe('encodings and one trimming rule', () => {
  it('refuses Latin-1 bytes read as UTF-8, naming the line; --encoding latin1 reads them', async () => {
    const latin1 = Buffer.from(`${HEAD}Jos\u00e9,2024-01-01,1\nJos\u00e8,2024-01-02,2\n`, 'latin1');
    const path = file(latin1);
    const r = await runInProcess(['summary', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${COLUMNS}clvkit summary: ${path}, line 2: not valid UTF-8 text; pass --encoding latin1 (Latin-1, Windows-1252 exports) or --encoding utf16le\n`,
    );
    const ok = await runInProcess(['summary', path, '--encoding', 'latin1']);
    expect(ok.code).toBe(0);
    expect([...rowsById(ok.stdout).keys()]).toEqual(['Jos\u00e9', 'Jos\u00e8']); // two customers, not two U+FFFD
    // The whitespace reader (another path) checks the same.
    const ws = await runInProcess([
      'summary',
      file(Buffer.from('customer_id date amount\nJos\u00e9 2024-01-01 1\n', 'latin1')),
      '--delimiter',
      'whitespace',
    ]);
    expect(ws.stderr).toContain('line 2: not valid UTF-8 text; pass --encoding latin1');
    // Standard input too, and gzip.
    const gz = await runInProcess(['summary', file(gzipSync(latin1), 'latin.csv.gz')]);
    expect(gz.stderr).toContain('line 2: not valid UTF-8 text');
  });

  it('detects UTF-16 and reads it with --encoding utf16le', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${HEAD}Zo\u00eb,2024-01-01,1\n`, 'utf16le'),
    ]);
    const path = file(utf16);
    const r = await runInProcess(['summary', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `clvkit summary: ${path}: the file looks like UTF-16 (a UTF-16 byte-order mark), not UTF-8; pass --encoding latin1 (Latin-1, Windows-1252 exports) or --encoding utf16le\n`,
    );
    const ok = await runInProcess(['summary', path, '--encoding', 'utf16le']);
    expect(ok.code, ok.stderr).toBe(0);
    expect([...rowsById(ok.stdout).keys()]).toEqual(['Zo\u00eb']);
    expect((await runInProcess(['summary', path, '--encoding', 'ebcdic'])).stderr).toContain(
      "--encoding: expected utf8, latin1 or utf16le, received 'ebcdic'",
    );
  });

  it('trims an id the same way whether its line is quoted or not (a trailing no-break space)', async () => {
    const path = file(
      `${HEAD}C-7\u00a0,2024-01-01,1\nC-7,2024-01-05,2\n"C-7\u00a0",2024-01-09,3\n"x y ",2024-01-09,3\n C-7 ,2024-01-10,4\n`,
    );
    const r = await runInProcess(['summary', path]);
    expect(r.code).toBe(0);
    const rows = rowsById(r.stdout);
    expect([...rows.keys()]).toEqual(['C-7', 'x y']);
    expect(rows.get('C-7')).toMatch(/^3,9,/); // four orders on four days: one customer
  });
});

describe('implausible dates and a calibration end outside the data', () => {
  it('rejects a lone 9999-12-31 or a date before 1900 with its line, leaving every other customer as it was', async () => {
    const good = `${HEAD}a,2024-01-01,10\na,2024-03-01,10\nb,2024-02-01,5\n`;
    const base = await runInProcess(['summary', file(good)]);
    const path = file(`${good}c,9999-12-31,1\nd,1899-12-31,1\n`);
    const stop = await runInProcess(['summary', path]);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toMatch(
      new RegExp(
        `${path}, line 5: column date: expected a date no later than today \\(\\d{4}-\\d\\d-\\d\\d; give --observation-end to read later dates\\), received '9999-12-31'`,
      ),
    );
    const skip = await runInProcess(['summary', path, '--on-bad-row', 'skip']);
    expect(skip.stderr).toBe(`${COLUMNS}read 5 rows: 3 used, 2 rejected (2 implausible date)\n`);
    expect(skip.stdout).toBe(base.stdout);
  });

  it('--calibration-end outside the orders is an error naming their range', async () => {
    const path = file(`${HEAD}a,2024-01-01,10\na,2024-03-01,10\nb,2024-02-01,5\n`);
    for (const end of ['2030-01-01', '2023-06-30', '2024-03-01']) {
      const r = await runInProcess(['summary', path, '--calibration-end', end]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `--calibration-end ${end} is outside the orders' dates (2024-01-01 … 2024-03-01)`,
      );
    }
    expect((await runInProcess(['summary', path, '--calibration-end', '2024-02-15'])).code).toBe(0);
  });
});

describe('file problems are one-line messages (exit 2), never a stack trace', () => {
  it('a missing file or .gz, a directory, a truncated or corrupt .gz', async () => {
    const good = file(
      gzipSync(`${HEAD}${Array.from({ length: 5000 }, (_, i) => `c${i},2024-01-01,${i}`).join('\n')}\n`),
      'good.csv.gz',
    );
    const truncated = file(readFileSync(good).subarray(0, 4000), 'cut.csv.gz');
    const cases: [string, string][] = [
      [join(dir, 'absent.csv'), 'no such file'],
      [join(dir, 'absent.csv.gz'), 'no such file'],
      [dir, 'is a directory, not a file'],
      [truncated, 'the gzip data is truncated (unexpected end of file)'],
      [file('not gzip at all\n', 'fake.csv.gz'), 'not valid gzip data (corrupt, or not gzip)'],
    ];
    for (const command of ['summary', 'fit', 'report']) {
      for (const [path, reason] of cases) {
        const args = command === 'fit' ? ['fit', 'bgnbd', path] : [command, path];
        const r = await runInProcess(
          [...args, '--quiet', '-o', join(dir, 'unused.html')].filter(
            (a, i, all) => command === 'report' || (a !== '-o' && all[i - 1] !== '-o'),
          ),
        );
        expect(r.code, `${command} ${path}`).toBe(2);
        expect(r.stderr.endsWith(`cannot read '${path}': ${reason}\n`), r.stderr).toBe(true);
        expect(r.stderr).not.toContain('    at ');
      }
    }
  });
});

describe('ids that differ only by whitespace or normalization', () => {
  it('are two customers, and the reader says so', async () => {
    const path = file(
      `${HEAD}Jos\u00e9,2024-01-01,1\nJose\u0301,2024-01-02,2\na b,2024-01-03,3\na\u00a0b,2024-01-04,4\nc,2024-01-05,5\n`,
    );
    const r = await runInProcess(['summary', path]);
    expect(r.code).toBe(0);
    expect(rowsById(r.stdout).size).toBe(5);
    expect(r.stderr).toBe(
      `${COLUMNS}warning: customer ids that differ only by whitespace or Unicode normalization are counted as different customers: "Jos\u00e9" and "Jose\u0301" and 1 more pairs\nread 5 rows: 5 used, 0 rejected\n`,
    );
    expect(similarIds(['a', 'b', 7, 'C-1'])).toEqual([]);
  });
});
