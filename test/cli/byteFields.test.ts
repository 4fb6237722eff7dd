import { describe, expect, it } from 'vitest';
import { locateByteFields } from '../../src/cli/ingest/byteFields.js';

/** The fields locateByteFields finds in `line` split at `delimiter`, as text (undefined when it declines). */
function fields(line: string, delimiter: string, width: number): string[] | undefined {
  const bytes = Buffer.from(line, 'utf8');
  const bounds = new Int32Array(2 * width);
  if (!locateByteFields(bytes, 0, bytes.length, Buffer.from(delimiter, 'utf8'), width, bounds))
    return undefined;
  return Array.from({ length: width }, (_, k) => bytes.toString('utf8', bounds[2 * k], bounds[2 * k + 1]));
}

describe('locateByteFields', () => {
  it('splits at a one-byte delimiter, ignoring fields past the width', () => {
    expect(fields('a,2024-01-01,5,extra', ',', 3)).toEqual(['a', '2024-01-01', '5']);
    expect(fields('a,2024-01-01', ',', 3)).toBeUndefined();
    expect(fields('"a",2024-01-01,5', ',', 3)).toBeUndefined(); // quotes go to the general path
  });
  it('splits at a multi-byte delimiter, and only at the whole sequence', () => {
    // '§' is C2 A7; 'ç' is C3 A7: the shared continuation byte must not split.
    expect(fields('François§2024-01-01§5', '§', 3)).toEqual(['François', '2024-01-01', '5']);
    expect(fields('a§b§', '§', 3)).toEqual(['a', 'b', '']);
    expect(fields('a§b', '§', 3)).toBeUndefined();
  });
});
