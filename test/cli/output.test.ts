import { describe, expect, it } from 'vitest';
import { formatCsv, formatNdjson, guardSpreadsheetCell } from '../../src/cli/output.js';
import { Decimal } from '../../src/index.js';

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
