export {
  DIALECTS,
  type DialectDescription,
  SQL_DIALECTS,
  type SqlDialect,
  type TruncUnit,
} from './dialects.js';
export { identifierProblem, quoteIdentifier, quoteQualified } from './identifiers.js';
export {
  GROUP_SCORE_COLUMNS,
  SCORE_SQL_COLUMNS,
  type ScoreQuery,
  type ScoreSqlOptions,
  type SqlStatement,
  scoreSql,
} from './scoreSql.js';
export {
  ACCOUNT_SQL_COLUMNS,
  type AccountQueries,
  customerIdTypeSql,
  DAY_HISTOGRAM_SQL_COLUMNS,
  FIRST_REJECTION_SQL_COLUMNS,
  GROUPED_SQL_COLUMNS,
  isDateType,
  isTextType,
  REJECT_REASONS,
  REJECTED_ROWS_SQL_COLUMNS,
  type RejectReason,
  SUMMARY_SQL_COLUMNS,
  SUMMARY_SQL_HOLDOUT_COLUMNS,
  type SummaryQuery,
  summaryAccountSql,
  summarySql,
  summaryWithDaysSql,
} from './summarySql.js';
export { type SummarySqlOptions, SummarySqlOptionsSchema } from './summarySqlOptions.js';
