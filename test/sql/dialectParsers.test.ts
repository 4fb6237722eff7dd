import { SparkSQL } from 'dt-sql-parser';
import nodeSqlParser from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { scoreSql } from '../../src/sql/scoreSql.js';
import { summarySql } from '../../src/sql/summarySql.js';
import type { SummarySqlOptions } from '../../src/sql/summarySqlOptions.js';

/**
 * BigQuery, Snowflake and Spark SQL cannot run here: the generated SQL is parsed by independent parsers of
 * those dialects (node-sql-parser's BigQuery and Snowflake grammars; dt-sql-parser's Spark SQL grammar, built
 * from Spark's ANTLR grammar). Bound parameters are inlined as the literals the engine would bind
 * (node-sql-parser does not accept a `?` inside CAST). A broken statement must fail, so the parsers are not
 * waving everything through.
 */
const { Parser } = nodeSqlParser as unknown as {
  Parser: new () => { astify(sql: string, o: object): unknown };
};
const parser = new Parser();
const spark = new SparkSQL();

type Parsed = 'bigquery' | 'snowflake' | 'spark';
const DATABASE = { bigquery: 'BigQuery', snowflake: 'Snowflake' } as const;

/** Binds the positional `?` placeholders, as the engines do: a `?` inside a string literal (a regular expression) is text. */
function bind(sql: string, params: readonly unknown[]): string {
  let i = 0;
  return sql.replace(/'(?:[^'\\]|\\.|'')*'|\?/g, (token) =>
    token === '?' ? `'${String(params[i++]).replaceAll("'", "''")}'` : token,
  );
}

function problems(dialect: Parsed, sql: string): string[] {
  if (dialect === 'spark')
    return spark.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
  try {
    parser.astify(sql, { database: DATABASE[dialect] });
    return [];
  } catch (e) {
    return [String(e).slice(0, 300)];
  }
}

const CASES: Omit<SummarySqlOptions, 'dialect'>[] = [
  {
    table: ['analytics', 'orders'],
    timeUnit: 'week',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
  },
  { table: 'orders', timeUnit: 'month', granularity: 'week', timeZone: 'Europe/London' },
  { table: 'orders', timeUnit: 'day', granularity: 'month', columns: { customerId: 'email', amount: null } },
  { table: 'orders', timeUnit: 'year', granularity: 'quarter', grouped: true },
];

describe.each(['bigquery', 'snowflake', 'spark'] as const)('%s: the generated SQL parses', (dialect) => {
  it.each(CASES.map((c, i) => [i, c] as const))('summarySql case %i', (_, options) => {
    const q = summarySql({ ...options, dialect });
    expect(problems(dialect, bind(q.sql, q.params))).toEqual([]);
  });

  it('scoreSql: the CREATE TABLE … AS of every customer', () => {
    const q = scoreSql({
      dialect,
      table: 'orders',
      timeUnit: 'week',
      groupsTable: 'g',
      into: 'scores',
      replace: true,
    });
    for (const s of q.statements) expect(problems(dialect, bind(s.sql, s.params))).toEqual([]);
  });

  it('a broken statement does not parse', () => {
    const q = summarySql({ dialect, table: 'orders' });
    expect(problems(dialect, bind(q.sql, q.params).replace('GROUP BY', 'GROUP'))).not.toEqual([]);
  });
});
