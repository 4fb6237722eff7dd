import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead, parseInput } from '../schemas/parse.js';
import { DIALECTS } from './dialects.js';
import { quoteIdentifier, quoteQualified } from './identifiers.js';
import { scoringSummarySql } from './summarySql.js';
import type { SummarySqlOptions } from './summarySqlOptions.js';

/** Columns of the groups table `scoreSql` joins (one row per distinct (frequency, recency, T); see `GroupScores`). */
export const GROUP_SCORE_COLUMNS = [
  'frequency',
  'recency',
  'T',
  'probability_alive',
  'expected_purchases',
  'spend_intercept',
  'spend_slope',
  'clv_per_spend',
] as const;

/** Columns of the per-customer table `scoreSql` materialises: the same as `clvkit predict`'s output. */
export const SCORE_SQL_COLUMNS = [
  'customer_id',
  'frequency',
  'recency',
  'T',
  'monetary_value',
  'p_alive',
  'expected_purchases',
  'expected_spend',
  'clv',
] as const;

/** One SQL statement and its bound parameters. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: unknown[];
}

/** The statements that materialise the scores, run in order; `columns` are the new table's. */
export interface ScoreQuery {
  /** CREATE TEMPORARY TABLE for the groups (`GROUP_SCORE_COLUMNS`, all float64), to fill before `statements`. */
  readonly createGroups: SqlStatement;
  readonly statements: readonly SqlStatement[];
  readonly columns: readonly string[];
  /** The new table's name as quoted in the statements. */
  readonly target: string;
}

const Name = z.union([z.string(), z.array(z.string()).check(z.minLength(1))]);
const ScoreSqlOwnSchema = z.object({
  /** The table holding one row per group with `GROUP_SCORE_COLUMNS`, e.g. uploaded by `scoreInWarehouse`. */
  groupsTable: Name,
  /** The table to create with one row per customer (`SCORE_SQL_COLUMNS`). */
  into: Name,
  /** Replace `into` when it exists (default false: the engine refuses an existing table). */
  replace: z.optional(z.boolean()),
});

/**
 * Options of `scoreSql`: where the order log is (as `summarySql`), the groups table and the target table.
 *
 * @interface
 */
export type ScoreSqlOptions = Omit<SummarySqlOptions, 'grouped'> & z.input<typeof ScoreSqlOwnSchema>;

/**
 * The SQL that scores every customer inside the engine: the per-customer figures of `summarySql` (id, x, t_x, T, m̄ only) joined on
 * (frequency, recency, T) with a small table of per-group scores (`scoreGroups`), materialised as a table:
 *
 *   p_alive, expected_purchases from the group; expected_spend = spend_intercept + spend_slope · monetary_value;
 *   clv = clv_per_spend · expected_spend
 *
 * — the figures of `predictCustomerLifetimeValue` without a row per customer leaving the warehouse. The join is
 * on the engine's own float64 figures: the groups come from the grouped form of the same query, so equal
 * customers give bit-equal keys. Names are validated and quoted per dialect; dates and paths are bound
 * parameters. PostgreSQL and ClickHouse have no CREATE OR REPLACE TABLE (ClickHouse 18.16): `replace` adds a DROP TABLE
 * IF EXISTS statement; ClickHouse's table is a MergeTree ordered by customer_id.
 *
 * @example
 * scoreSql({ dialect: 'duckdb', table: 'orders', timeUnit: 'week', groupsTable: 'clvkit_groups', into: 'customer_scores' }).statements[0].sql
 * // 'CREATE TABLE "customer_scores" AS SELECT s."customerId" AS "customer_id", …'
 */
export function scoreSql(options: ScoreSqlOptions): ScoreQuery {
  return guardedRead('scoreSql', 'input', () => scoreSqlChecked(options));
}

function scoreSqlChecked(options: ScoreSqlOptions): ScoreQuery {
  const where = 'scoreSql';
  if (options === null || typeof options !== 'object')
    throw new ClvValidationError(where, [makeIssue('options', 'an object', options)]);
  const { groupsTable, into, replace, ...summaryOptions } = options;
  const own = parseInput(ScoreSqlOwnSchema, { groupsTable, into, replace }, where);
  const summary = scoringSummarySql(summaryOptions as SummarySqlOptions, where);
  const dialect = summaryOptions.dialect as SummarySqlOptions['dialect'];
  const q = (name: string) => quoteIdentifier(name, dialect, 'column', where);
  const table = (name: string | string[], field: string) =>
    quoteQualified(typeof name === 'string' ? [name] : name, dialect, field, where);
  const target = table(own.into, 'into');
  const groups = table(own.groupsTable, 'groupsTable');
  const s = (name: string) => `s.${q(name)}`;
  const g = (name: (typeof GROUP_SCORE_COLUMNS)[number]) => `g.${q(name)}`;
  // ClickHouse joins only keys of one type: the integer frequency meets the groups' Float64 as a Float64.
  const frequencyKey =
    dialect === 'clickhouse' ? `CAST(${s('frequency')} AS ${DIALECTS.clickhouse.double})` : s('frequency');
  const spend = `${g('spend_intercept')} + ${g('spend_slope')} * ${s('monetaryValue')}`;
  const [customer, frequency, recency, T, monetary, alive, purchases, expectedSpend, clv] =
    SCORE_SQL_COLUMNS.map(q) as string[];
  const select = `SELECT ${s('customerId')} AS ${customer}, ${s('frequency')} AS ${frequency}, ${s('recency')} AS ${recency},
  ${s('T')} AS ${T}, ${s('monetaryValue')} AS ${monetary}, ${g('probability_alive')} AS ${alive},
  ${g('expected_purchases')} AS ${purchases}, ${spend} AS ${expectedSpend},
  ${g('clv_per_spend')} * (${spend}) AS ${clv}
FROM (${summary.sql}) AS s
JOIN ${groups} AS g
  ON ${frequencyKey} = ${g('frequency')} AND ${s('recency')} = ${g('recency')} AND ${s('T')} = ${g('T')}`;
  // PostgreSQL and ClickHouse 18.16 have no CREATE OR REPLACE TABLE: a DROP TABLE IF EXISTS goes first.
  const dropFirst = dialect === 'postgres' || dialect === 'clickhouse';
  const replaceable = own.replace === true && !dropFirst;
  const statements: SqlStatement[] = [];
  if (own.replace === true && dropFirst)
    statements.push({ sql: `DROP TABLE IF EXISTS ${target}`, params: [] });
  // ClickHouse tables name their engine: a MergeTree sorted by customer, on the server that runs the query.
  const engine = dialect === 'clickhouse' ? ` ENGINE = MergeTree() ORDER BY ${customer}` : '';
  statements.push({
    sql: `CREATE ${replaceable ? 'OR REPLACE ' : ''}TABLE ${target}${engine} AS ${select}`,
    params: summary.params,
  });
  const double = DIALECTS[dialect].double;
  const createGroups = {
    sql: `CREATE TEMPORARY TABLE ${groups} (${GROUP_SCORE_COLUMNS.map((c) => `${q(c)} ${double}`).join(', ')})`,
    params: [],
  };
  return { createGroups, statements, columns: SCORE_SQL_COLUMNS, target };
}
