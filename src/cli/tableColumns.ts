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
    case 'duckdb': {
      const duck = await loadOptional<typeof import('@duckdb/node-api')>(
        '@duckdb/node-api',
        'The DuckDB engine',
      );
      const instance = await duck.DuckDBInstance.create(source.database ?? ':memory:');
      const connection = await instance.connect();
      try {
        return (await connection.runAndReadAll(sql())).columnNames();
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    }
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
