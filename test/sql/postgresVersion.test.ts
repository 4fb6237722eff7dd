import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors.js';
import { checkPostgresVersion, MIN_POSTGRES_VERSION_NUM } from '../../src/node/postgres.js';

describe('PostgreSQL older than 16 is refused before any query', () => {
  it('names the version and says why (pg_input_is_valid) and what to do', () => {
    expect(() => checkPostgresVersion(150004, '15.4')).toThrow(ClvError);
    expect(() => checkPostgresVersion(150004, '15.4')).toThrow(
      /PostgreSQL 15\.4 is older than 16: .*pg_input_is_valid .*use PostgreSQL 16 or later, or read the data in-process or with --engine duckdb/,
    );
    expect(() => checkPostgresVersion(Number.NaN, 'unknown')).toThrow(/PostgreSQL unknown is older than 16/);
    expect(() => checkPostgresVersion(MIN_POSTGRES_VERSION_NUM - 1, '15.99')).toThrow(ClvError);
    expect(() => checkPostgresVersion(MIN_POSTGRES_VERSION_NUM, '16.0')).not.toThrow();
    expect(() => checkPostgresVersion(170002, '17.2')).not.toThrow();
  });
});
