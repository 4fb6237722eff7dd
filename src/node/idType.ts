import { customerIdTypeSql, isTextType } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import type { EngineRun } from './engineAccount.js';

/**
 * The options with `trimCustomerId` decided by the id column's type (`customerIdTypeSql`): a text column (or an
 * empty log) is read as trimmed text, the in-process reader's rule; a numeric or other typed column keeps its
 * type, so its ids stay numbers. A caller's own `trimCustomerId` is kept as given.
 *
 * @example const o = await withCustomerIdType(run, { dialect: 'postgres', table: 'orders' }); // trimCustomerId: false for a BIGINT id
 */
export async function withCustomerIdType(
  run: EngineRun,
  options: SummarySqlOptions,
): Promise<SummarySqlOptions> {
  if (options.trimCustomerId !== undefined) return options;
  const query = customerIdTypeSql(options);
  if (query === undefined) return options;
  const type = (await run(query))[0]?.[0];
  return type === undefined || type === null || isTextType(String(type))
    ? options
    : { ...options, trimCustomerId: false };
}
