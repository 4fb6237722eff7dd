/**
 * clvkit/node — adapters that run the core's SQL summaries on real engines (embedded DuckDB, PostgreSQL).
 * The engines' drivers are optional peer dependencies, imported only when used.
 */
export {
  type DuckDBConnectionLike,
  type DuckDBSummaryOptions,
  groupedSummaryWithDuckDB,
  summarizeWithDuckDB,
} from './duckdb.js';
export {
  calibrationEndOf,
  type EngineGroupedResult,
  type EngineSummaryResult,
  engineGrouped,
  engineSummary,
} from './engineResult.js';
export { loadOptional } from './loadOptional.js';
export {
  groupedSummaryWithPostgres,
  type PostgresSummaryOptions,
  summarizeWithPostgres,
} from './postgres.js';
export {
  scoreInWarehouse,
  type WarehouseScoreOptions,
  type WarehouseScoreResult,
  type WarehouseSource,
} from './scoreInWarehouse.js';
