/**
 * clvkit/node — adapters that run the core's SQL summaries on real engines (embedded DuckDB, PostgreSQL,
 * ClickHouse), `fitThreads`, which spreads a fit's likelihood over the machine's cores, `predictOnThreads`,
 * which predicts slices of a large customer base side by side, and
 * `temporaryRunStore`, where a summarizer spills sorted runs of a log larger than memory.
 * The engines' drivers are optional peer dependencies, imported only when used.
 *
 * @packageDocumentation
 * @module clvkit/node
 */
export {
  type ClickHouseConnection,
  type ClickHouseSummaryOptions,
  groupedSummaryWithClickHouse,
  summarizeWithClickHouse,
} from './clickhouse.js';
export {
  type DuckDBConnectionLike,
  type DuckDBSummaryOptions,
  groupedSummaryWithDuckDB,
  summarizeWithDuckDB,
} from './duckdb.js';
export type {
  EngineAccount,
  EngineRejectedRow,
  EngineRejection,
  EngineRejectKind,
  EngineRejectsOption,
} from './engineAccount.js';
export type { EngineOutlierOption } from './engineOutliers.js';
export type { EngineGroupedResult, EngineSummaryResult } from './engineResult.js';
export {
  type FitThreadsOptions,
  fitThreads,
  type ThreadEvaluator,
  type ThreadedLikelihood,
} from './fitThreads.js';
export {
  groupedSummaryWithPostgres,
  type PostgresSummaryOptions,
  summarizeWithPostgres,
} from './postgres.js';
export { type PredictThreadsOptions, predictOnThreads, type ThreadedPredictions } from './predictThreads.js';
export {
  scoreInWarehouse,
  type WarehouseScoreOptions,
  type WarehouseScoreResult,
  type WarehouseSource,
} from './scoreInWarehouse.js';
export {
  TemporaryRunStore,
  type TemporaryRunStoreOptions,
  temporaryRunStore,
} from './temporaryRunStore.js';
