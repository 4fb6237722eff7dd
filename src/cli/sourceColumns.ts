import { openClickHouse, readClickHouse } from '../node/clickhouse.js';
import { loadOptional } from '../node/loadOptional.js';
import { connectPostgres } from '../node/postgres.js';
import { quoteQualified } from '../sql/identifiers.js';

/** A table as the engine flags name it (`--engine`, `--db`, `--table`). */
export type TableSource =
  | { readonly engine: 'duckdb'; readonly table: readonly string[]; readonly database?: string }
  | { readonly engine: 'postgres'; readonly table: readonly string[]; readonly connectionString: string }
  | {
      readonly engine: 'clickhouse';
      readonly table: readonly string[];
      readonly url: string;
      readonly username?: string;
      readonly password?: string;
    };

/**
 * The column names of an engine's table, as `SELECT * FROM table LIMIT 0` (ClickHouse: `DESCRIBE TABLE`) gives
 * them, no row read: the header the CLI judges a table by, as it judges a file by its header line (a currency
 * column, see `planColumns`).
 *
 * @example await tableColumnNames({ engine: 'duckdb', table: ['orders'], database: 'shop.duckdb' }) // ['customer_id', 'date', 'amount']
 */
export async function tableColumnNames(source: TableSource): Promise<string[]> {
  const sql = () =>
    `SELECT * FROM ${quoteQualified(source.table, source.engine, 'table', '--table')} LIMIT 0`;
  switch (source.engine) {
    case 'duckdb':
      return duckdbColumnNames(source.database ?? ':memory:', sql(), []);
    case 'postgres': {
      const { client } = await connectPostgres(source.connectionString);
      try {
        return (await client.query(sql())).fields.map((f) => f.name);
      } finally {
        await client.end();
      }
    }
    case 'clickhouse': {
      // DESCRIBE TABLE: one row per column, its name first (every server version the engine reads).
      const client = await openClickHouse(source);
      try {
        const described = `DESCRIBE TABLE ${quoteQualified(source.table, 'clickhouse', 'table', '--table')}`;
        const [names = []] = await readClickHouse(client, described, [], false);
        return names.map(String);
      } finally {
        await client.close();
      }
    }
  }
}

/**
 * The column names DuckDB reads from a CSV (as text, as the summary reads it) or Parquet file: the header the
 * CLI plans a file's columns by (`planColumns`).
 *
 * @example await fileColumnNames({ path: 'orders.csv', format: 'csv' }) // ['customer_id', 'date', 'amount']
 */
export async function fileColumnNames(file: {
  readonly path: string;
  readonly format: 'csv' | 'parquet';
}): Promise<string[]> {
  const source = file.format === 'csv' ? 'read_csv($1, all_varchar = true)' : 'read_parquet($1)';
  return duckdbColumnNames(':memory:', `SELECT * FROM ${source} LIMIT 0`, [file.path]);
}

/** The column names of a DuckDB query's result, on a database opened for it and closed again. */
async function duckdbColumnNames(database: string, sql: string, params: string[]): Promise<string[]> {
  const duck = await loadOptional<typeof import('@duckdb/node-api')>('@duckdb/node-api', 'The DuckDB engine');
  const instance = await duck.DuckDBInstance.create(database);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql, params)).columnNames();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
