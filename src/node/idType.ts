import { customerIdTypeSql, isDateType, isTextType } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import type { EngineRun } from './engineAccount.js';

/**
 * The options with `trimCustomerId` and `typedDate` decided by the columns' types (`customerIdTypeSql`): a text id
 * column (or an empty log) is read as trimmed text, the in-process reader's rule; a numeric or other typed id keeps
 * its type, so its ids stay numbers; a DATE date column is read as its day; a DuckDB DOUBLE amount as its value
 * (`typedAmount`). A caller's own settings are kept.
 *
 * @example const o = await withCustomerIdType(run, { dialect: 'postgres', table: 'orders' }); // trimCustomerId: false for a BIGINT id
 */
export async function withCustomerIdType(
  run: EngineRun,
  options: SummarySqlOptions,
): Promise<SummarySqlOptions> {
  const duckdb = options.dialect === 'duckdb';
  if (
    options.trimCustomerId !== undefined &&
    options.typedDate !== undefined &&
    (!duckdb || options.typedAmount !== undefined)
  )
    return options;
  const query = customerIdTypeSql(options);
  if (query === undefined) return options;
  const [ids = [], dates = [], amounts = []] = await run(query);
  const [type, dateType, amountType] = [ids[0], dates[0], amounts[0]];
  const typedId = !(type === undefined || type === null || isTextType(String(type)));
  const typedDate = !(dateType === undefined || dateType === null) && isDateType(String(dateType));
  // DuckDB's typeof names its float64 'DOUBLE'.
  const typedAmount = duckdb && amountType === 'DOUBLE';
  return {
    ...options,
    ...(options.trimCustomerId === undefined && typedId ? { trimCustomerId: false } : {}),
    ...(options.typedDate === undefined && typedDate ? { typedDate: true } : {}),
    ...(options.typedAmount === undefined && typedAmount ? { typedAmount: true } : {}),
  };
}
