import { describe, expect, it } from 'vitest';
import { isBareBytes, locateByteFields } from '../../src/cli/ingest/byteFields.js';
import { trimField } from '../../src/cli/ingest/fields.js';

/**
 * The fields locateByteFields finds in `line` split at `delimiter`, as text (undefined when it declines);
 * the line must have `total` fields (default: `width`).
 */
function fields(line: string, delimiter: string, width: number, total = width): string[] | undefined {
  const bytes = Buffer.from(line, 'utf8');
  const bounds = new Int32Array(2 * width);
  if (!locateByteFields(bytes, 0, bytes.length, Buffer.from(delimiter, 'utf8'), width, total, bounds))
    return undefined;
  return Array.from({ length: width }, (_, k) => bytes.toString('utf8', bounds[2 * k], bounds[2 * k + 1]));
}

describe('locateByteFields', () => {
  it('splits at a one-byte delimiter; fields past the width are counted, not read', () => {
    expect(fields('a,2024-01-01,5,extra', ',', 3, 4)).toEqual(['a', '2024-01-01', '5']);
    expect(fields('a,2024-01-01', ',', 3)).toBeUndefined();
    expect(fields('"a",2024-01-01,5', ',', 3)).toBeUndefined(); // quotes go to the general path
    expect(fields('a,2024-01-01,5,"x"', ',', 3, 4)).toBeUndefined(); // a quote past the width too
  });
  it('declines a line with more or fewer fields than the header (an unquoted 1,234.50)', () => {
    expect(fields('a,2024-01-01,1,234.50', ',', 3)).toBeUndefined();
    expect(fields('a,2024-01-01,5,extra', ',', 3)).toBeUndefined();
    expect(fields('a,2024-01-01', ',', 2, 3)).toBeUndefined();
  });
  it('splits at a multi-byte delimiter, and only at the whole sequence', () => {
    // '§' is C2 A7; 'ç' is C3 A7: the shared continuation byte must not split.
    expect(fields('François§2024-01-01§5', '§', 3)).toEqual(['François', '2024-01-01', '5']);
    expect(fields('a§b§', '§', 3)).toEqual(['a', 'b', '']);
    expect(fields('a§b', '§', 3)).toBeUndefined();
  });
});

describe('isBareBytes and trimField: one trimming rule', () => {
  it('reads a field on the byte path only when trimming would leave it as it is', () => {
    for (const id of ['C-7', ' C-7', 'C-7 ', 'C-7\u00a0', '\u00a0C-7', 'C-7\u3000', 'é', 'x\u2009', '\tA']) {
      const b = Buffer.from(id, 'utf8');
      if (isBareBytes(b, 0, b.length)) expect(trimField(id)).toBe(id);
    }
    expect(trimField('C-7\u00a0')).toBe('C-7');
    expect(trimField('\ufeffC-7 \t')).toBe('C-7');
    expect(isBareBytes(Buffer.from('C-7'), 0, 3)).toBe(true);
  });
});
