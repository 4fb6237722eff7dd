/**
 * The core validates with zod/mini, which loads no locale: clvkit passes zod's English messages on each parse
 * (src/schemas/parse.ts), so the words are those of classic zod whatever else the process loaded or configured.
 */

import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { summarySql } from '../../src/index.js';

const refusal = (input: unknown) => {
  try {
    summarySql(input as never);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};
const EMPTY_TABLE =
  'summarySql: invalid input — table: expected Too small: expected array to have >=1 items, received an array of 0';

describe("zod's messages in clvkit's errors", () => {
  afterEach(() => {
    z.config({ localeError: undefined, customError: undefined });
  });

  it('are the English ones with no locale loaded (zod/mini alone says "Invalid input")', () => {
    expect(refusal({ dialect: 'duckdb', table: [] })).toBe(EMPTY_TABLE);
    expect(refusal({ dialect: 'duckdb', file: { path: 'x.csv', format: 'xls' } })).toBe(
      'summarySql: invalid input — file.format: expected Invalid option: expected one of "csv"|"parquet", received "xls"',
    );
  });

  it('do not change when the application configures zod globally', () => {
    z.config({ localeError: () => 'autre message', customError: () => 'custom message' });
    expect(refusal({ dialect: 'duckdb', table: [] })).toBe(EMPTY_TABLE);
  });
});
