import { ClvValidationError, makeIssue } from '../errors.js';
import type { SqlDialect } from './dialects.js';

/**
 * Identifier quoting, per dialect — the only way a table or column name enters the SQL.
 * - DuckDB, PostgreSQL, Snowflake: `"name"`, an embedded `"` doubled (SQL standard delimited identifier).
 * - Spark: `` `name` ``, an embedded backtick doubled.
 * - BigQuery, ClickHouse: `` `name` ``; a backtick or backslash inside is refused (both read `\` as an escape).
 * Every dialect refuses an empty name and control characters (NUL, newlines …); PostgreSQL refuses names
 * over 63 bytes (it would truncate them silently), the others over 255 characters.
 * Quoted names keep their case: `Orders` and `orders` are different tables in PostgreSQL and Snowflake.
 */
function hasControl(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * Why a name cannot be quoted for the dialect, or undefined when it can.
 *
 * @example identifierProblem('a`b', 'bigquery') === 'a name without backticks or backslashes'
 */
export function identifierProblem(name: string, dialect: SqlDialect): string | undefined {
  if (name.length === 0) return 'a non-empty name';
  if (hasControl(name)) return 'a name without control characters';
  if (dialect === 'postgres' && new TextEncoder().encode(name).length > 63)
    return 'a name of at most 63 bytes';
  if (name.length > 255) return 'a name of at most 255 characters';
  if ((dialect === 'bigquery' || dialect === 'clickhouse') && /[`\\]/.test(name))
    return 'a name without backticks or backslashes';
  return undefined;
}

/**
 * Quotes one identifier for the dialect, or throws `ClvValidationError` naming `field`.
 *
 * @example quoteIdentifier('orders"; DROP TABLE x; --', 'postgres') === '"orders""; DROP TABLE x; --"'
 */
export function quoteIdentifier(
  name: string,
  dialect: SqlDialect,
  field = 'identifier',
  where = 'summarySql',
): string {
  const problem = identifierProblem(name, dialect);
  if (problem !== undefined) throw new ClvValidationError(where, [makeIssue(field, problem, name)]);
  switch (dialect) {
    case 'bigquery':
    case 'clickhouse':
      return `\`${name}\``;
    case 'spark':
      return `\`${name.replaceAll('`', '``')}\``;
    default:
      return `"${name.replaceAll('"', '""')}"`;
  }
}

/**
 * Quotes a possibly qualified name given as its parts (`['analytics', 'orders']` → `"analytics"."orders"`).
 *
 * @example quoteQualified(['sales', 'orders'], 'spark') === '`sales`.`orders`'
 */
export function quoteQualified(
  parts: readonly string[],
  dialect: SqlDialect,
  field = 'table',
  where = 'summarySql',
): string {
  return parts
    .map((p, i) => quoteIdentifier(p, dialect, parts.length > 1 ? `${field}[${i}]` : field, where))
    .join('.');
}
