import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPEN_QUOTE, splitFields, splitPlainQuotes } from '../../src/cli/ingest/fields.js';

/**
 * What csv-parse makes of one record (the reader's rule before splitPlainQuotes, and still its rule for every
 * line that is not plainly quoted): RFC 4180 quoting, any number of fields, a quote inside an unquoted field
 * read as written unless `strict`.
 */
function csvParse(text: string, d: string, strict: boolean): string[] | typeof OPEN_QUOTE | 'bad' {
  try {
    const rows = parse(text, { delimiter: d, relax_column_count: true, relax_quotes: !strict }) as string[][];
    return rows[0] ?? [''];
  } catch (e) {
    return (e as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED' ? OPEN_QUOTE : 'bad';
  }
}

const comma = { kind: 'char', char: ',' } as const;

describe('splitFields: quoted lines split by one pass when plainly quoted', () => {
  it('reads RFC 4180 quoting: delimiters and "" inside quotes, empty fields, a quoted last field', () => {
    expect(splitPlainQuotes('1,"a, ""b""",2', ',')).toEqual(['1', 'a, "b"', '2']);
    expect(splitPlainQuotes('"",x,', ',')).toEqual(['', 'x', '']);
    expect(splitPlainQuotes('536365,"WHITE HANGING HEART T-LIGHT HOLDER",6', ',')).toEqual([
      '536365',
      'WHITE HANGING HEART T-LIGHT HOLDER',
      '6',
    ]);
    expect(splitPlainQuotes('"a\nb";"c"', ';')).toEqual(['a\nb', 'c']);
    // Lines it leaves to csv-parse: an open quote, text after a closing quote, a quote inside a bare field.
    for (const text of ['"a,b', '"a"b,c', 'O"Brien,2', ' "a",b', 'a,"b"\r', 'x\n"y"'])
      expect(splitPlainQuotes(text, ','), text).toBeUndefined();
    expect(splitFields('"a,b', comma)).toBe(OPEN_QUOTE);
    expect(splitFields('O"Brien,2', comma)).toEqual(['O"Brien', '2']);
  });

  it('gives what csv-parse gives, whenever it splits a line itself (property)', () => {
    const char = fc.constantFrom('a', 'b', ' ', ',', ';', '\t', '"', '"', '\n', '\r', 'é');
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 24 }).map((cs) => cs.join('')),
        fc.constantFrom(',', ';', '\t'),
        (text, d) => {
          const fast = splitPlainQuotes(text, d);
          if (fast !== undefined) {
            expect(csvParse(text, d, false)).toEqual(fast);
            expect(csvParse(text, d, true)).toEqual(fast);
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('splitFields gives what csv-parse gives on every line with a quote, strict or not (property)', () => {
    const char = fc.constantFrom('a', ' ', ',', '"', '"', '\n');
    fc.assert(
      fc.property(
        fc.array(char, { minLength: 1, maxLength: 16 }).map((cs) => cs.join('')),
        fc.boolean(),
        (text, strict) => {
          fc.pre(text.includes('"'));
          const got = splitFields(text, comma, strict);
          const want = csvParse(text, ',', strict);
          expect(Array.isArray(got) || got === OPEN_QUOTE ? got : 'bad').toEqual(want);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
