import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvBytes } from '../../src/cli/csvBytes.js';
import { formatCsv, formatNdjson, guardSpreadsheetCell } from '../../src/cli/output.js';
import { Decimal } from '../../src/index.js';
import { moneyText } from '../../src/money.js';

describe('CSV output', () => {
  it('neutralises formula-like cells but keeps numbers', () => {
    expect(guardSpreadsheetCell('=1+2')).toBe("'=1+2");
    expect(guardSpreadsheetCell('+33 1 23')).toBe("'+33 1 23");
    expect(guardSpreadsheetCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(guardSpreadsheetCell('-cmd')).toBe("'-cmd");
    expect(guardSpreadsheetCell('-12.50')).toBe('-12.50');
    expect(guardSpreadsheetCell('1e5')).toBe('1e5');
    expect(guardSpreadsheetCell('Alice')).toBe('Alice');
  });
  it('quotes separators and quotes (RFC 4180), Decimals as digits', () => {
    expect(formatCsv([{ id: 'a,"b"', v: new Decimal('0.1') }])).toBe('id,v\n"a,""b""",0.1\n');
    expect(formatCsv([{ id: '=HYPERLINK("x")' }])).toBe('id\n"\'=HYPERLINK(""x"")"\n');
  });
  it('ndjson: one object a line, nothing for no rows', () => {
    expect(formatNdjson([{ a: 1 }, { a: new Decimal(2) }])).toBe('{"a":1}\n{"a":"2"}\n');
    expect(formatNdjson([])).toBe('');
  });
});

describe('CSV written as bytes (CsvBytes)', () => {
  /** Writes one row of cells through CsvBytes, flushing every `chunk`, and decodes what came out. */
  const bytesOf = (cells: (string | number)[][]) => {
    const parts: Uint8Array[] = [];
    const out = new CsvBytes((b) => parts.push(Buffer.from(b)));
    for (const row of cells) {
      row.forEach((c, j) => {
        if (j > 0) out.comma();
        out.cell(c);
      });
      out.newline();
    }
    out.end();
    return Buffer.concat(parts).toString('utf8');
  };

  it('writes every cell as formatCsv does (property: any text, any number)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.string(),
              fc.string({ unit: 'grapheme' }),
              fc.constantFrom('=1+2', '-3', '@x', 'a,"b"', ''),
            ),
            fc.oneof(
              fc.integer(),
              // Whole numbers of every magnitude up to 10^15 (written in 9-digit parts past 10^9).
              fc.integer({ min: 0, max: 15 }).chain((e) => fc.integer({ min: -(10 ** e), max: 10 ** e })),
              fc.double({ noNaN: true, noDefaultInfinity: true }),
              fc.constant(-0),
            ),
          ),
          { maxLength: 20 },
        ),
        (rows) => {
          const want = formatCsv(
            rows.map(([a, b]) => ({ a, b })),
            ['a', 'b'],
          );
          expect(`a,b\n${bytesOf(rows)}`).toBe(want);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('fixed(x, places) prints as Number(x.toFixed(places)); money(x) as moneyText(x), or as its number (property)', () => {
    const printed = (write: (out: CsvBytes) => void) => {
      const parts: Uint8Array[] = [];
      const out = new CsvBytes((b) => parts.push(Buffer.from(b)));
      write(out);
      out.end();
      return Buffer.concat(parts).toString('utf8');
    };
    const ties = fc
      .tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 4 }))
      .map(([c, k]) => (c + 0.5) / 10 ** k);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: -1e9, max: 1e9, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          ties,
        ),
        fc.integer({ min: 0, max: 6 }),
        (x, places) => {
          expect(printed((out) => out.fixed(x, places))).toBe(String(Number(x.toFixed(places))));
          expect(printed((out) => out.money(x))).toBe(moneyText(x));
          expect(printed((out) => out.money(x, true))).toBe(String(Number(moneyText(x))));
        },
      ),
      { numRuns: 20_000 },
    );
    expect(printed((out) => out.fixed(0.98765, 4))).toBe('0.9877');
    expect(printed((out) => out.fixed(12, 4))).toBe('12');
    expect(printed((out) => out.money(95.9))).toBe('95.90');
    expect(printed((out) => out.money(95.9, true))).toBe('95.9');
    expect(printed((out) => out.money(12, true))).toBe('12');
    expect(printed((out) => out.money(-0.004))).toBe(moneyText(-0.004));
    expect(printed((out) => out.money(1e300))).toBe(moneyText(1e300));
  });
  it('rounded(x, places) prints as String(Math.round(x · 10^places) / 10^places), the summaries figures (property)', () => {
    const printed = (x: number, places: number) => {
      const parts: Uint8Array[] = [];
      const out = new CsvBytes((b) => parts.push(Buffer.from(b)));
      out.rounded(x, places);
      out.end();
      return Buffer.concat(parts).toString('utf8');
    };
    const expected = (x: number, places: number) => String(Math.round(x * 10 ** places) / 10 ** places);
    // Ages in days or weeks (continuous: days / 7), every magnitude, and decimals just past a rounding point.
    const ages = fc.integer({ min: 0, max: 400_000 }).map((d) => d / 7);
    const near = fc
      .tuple(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: -3, max: 3 }),
      )
      .map(([c, k, e]) => (c + 0.5) / 10 ** k + e * Number.EPSILON);
    fc.assert(
      fc.property(
        fc.oneof(
          ages,
          near,
          fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100), // money
          fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), // counts, and whole numbers past 2^53 / 10^places
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.double({ min: -1e6, max: 1e6 }),
        ),
        fc.integer({ min: 0, max: 12 }),
        (x, places) => {
          expect(printed(x, places)).toBe(expected(x, places));
          expect(printed(x, 10)).toBe(expected(x, 10));
        },
      ),
      { numRuns: 10_000 },
    );
    expect(printed(101.42857142857143, 10)).toBe('101.4285714286');
    expect(printed(0.1 + 0.2, 10)).toBe('0.3');
    expect(printed(1.23e-7, 10)).toBe('1.23e-7');
    expect(printed(-2.5e-11, 10)).toBe('0');
    // Past 10 places x · 10^places is no longer exact, so cents are not taken for the rounded value (a shrunk failure).
    expect(printed(42418.87, 11)).toBe('42418.87000000001');
  });
  it('hands over full megabyte chunks and the rest at the end', () => {
    const sizes: number[] = [];
    const out = new CsvBytes((b) => sizes.push(b.length));
    for (let i = 0; i < 300_000; i++) out.number(1234567).comma().ascii('2024-01-01').newline();
    out.end();
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(300_000 * 19);
    expect(sizes.length).toBeGreaterThan(5);
    // Every chunk but the last is full, less at most the 17 bytes a number reserves.
    expect(sizes.slice(0, -1).every((n) => n > (1 << 20) - 17 && n <= 1 << 20)).toBe(true);
  });
});
