import * as z from 'zod/mini';
import { enumRule, fieldSchema } from '../schemas/field.js';
import { parseInput } from '../schemas/parse.js';
import { summaryAccountSql } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import {
  OUTLIER_DATES_MODES,
  type OutlierDatesMode,
  plausibleDaysOfHistogram,
} from '../transactions/outlierDays.js';
import { accountWith, type EngineAccount, type EngineRun, engineAccount } from './engineAccount.js';
import { type EngineValue, engineNumber } from './engineResult.js';

/** A runner option: what an engine does with isolated outlier dates, as the in-process summarizers do. */
export interface EngineOutlierOption {
  /**
   * 'reject' (the default when `observationEnd` is not given): a date isolated from the rest of the log (the rule
   * of `plausibleDaysOfHistogram` over the used rows' days, one more GROUP BY day query) is a rejected row with
   * reason 'outlier date', counted in the account, listed after the other rejections, and left out of the summary
   * (so the observation end is the last kept date); 'keep': read as any other date. With `observationEnd` the rule
   * never runs.
   */
  readonly outlierDates?: OutlierDatesMode;
}

/** The `outlierDates` option's rule (every runner checks it with its other options, `runnerOptions`). */
export const OutlierDatesField = z.optional(
  fieldSchema<OutlierDatesMode, OutlierDatesMode>(enumRule(OUTLIER_DATES_MODES)),
);

const OutlierOptionSchema = z.strictObject({ outlierDates: OutlierDatesField });

/** The account of a summary with the options it runs with: `keptDays` added when the outlier rule cut days. */
export interface AccountAndOptions {
  readonly sql: SummarySqlOptions;
  readonly account: EngineAccount;
}

/**
 * The account of the rows a summary reads and the summary's options, with the isolated-outlier rule applied as
 * the in-process reader applies it — in the one scan the account takes anyway. Unless `mode` is 'keep',
 * `observationEnd` is given or the caller set `keptDays`, it reads `summaryAccountSql(options).days`
 * (the account with the used rows split by day), judges `plausibleDaysOfHistogram` on the used rows' days, and
 * counts the used rows outside the kept range as 'outlier date' rejections; the options come back with
 * `keptDays` then (the summary leaves those rows out), unchanged otherwise. The first rejected row is read (one
 * more query) only when a row was rejected.
 *
 * @example const { sql, account } = await accountWithKeptDays(run, { dialect: 'duckdb', file: { path: 'o.csv', format: 'csv' } }, undefined, 'summarize');
 * // sql.keptDays: { from: 9862, to: 10407, gap: 774 } and account.rejectedBy['outlier date'] = 1 when one
 * // 1971-01-01 row sits in a 1997–1998 log
 */
export async function accountWithKeptDays(
  run: EngineRun,
  options: SummarySqlOptions,
  mode: OutlierDatesMode | undefined,
  where: string,
): Promise<AccountAndOptions> {
  if (!outlierRuleRuns(options, mode, where))
    return { sql: options, account: await accountWith(run, options) };
  const days = await run(summaryAccountSql(options).days);
  return accountOfDays(run, options, mode, where, days);
}

/** Whether the isolated-outlier rule runs: unless `mode` is 'keep', `observationEnd` is given or `keptDays` set. */
function outlierRuleRuns(options: SummarySqlOptions, mode: OutlierDatesMode | undefined, where: string) {
  const { outlierDates } = parseInput(OutlierOptionSchema, { outlierDates: mode }, where);
  return !(outlierDates === 'keep' || options.observationEnd !== undefined || options.keptDays !== undefined);
}

/**
 * The account and the summary's options from the columns of an account by day (reason, day, rowCount:
 * `summaryAccountSql(options).days`, or the first three of DuckDB's `summaryWithDaysSql`), as `accountWithKeptDays`
 * gives them: the isolated-outlier rule judged on the used rows' days when it runs (the options come back with
 * `keptDays` when it cut days), the rows counted by reason otherwise; the first rejected row is read (one more
 * query) only when a row was rejected.
 *
 * @example const { sql, account } = await accountOfDays(run, options, undefined, 'summarize', [[null, 'amount'], [9862, null], [5n, 1n]]);
 * // account.rowsRead === 6, account.rejectedBy.amount === 1
 */
export async function accountOfDays(
  run: EngineRun,
  options: SummarySqlOptions,
  mode: OutlierDatesMode | undefined,
  where: string,
  [reasons = [], days = [], counts = []]: readonly (readonly EngineValue[])[],
): Promise<AccountAndOptions> {
  let sql = options;
  let byReason = new Map<string | null, number>();
  if (outlierRuleRuns(options, mode, where)) {
    const judged = keptDaysOfAccount(reasons, days, counts);
    if (judged.kept !== undefined) sql = { ...options, keptDays: judged.kept };
    byReason = judged.byReason;
  } else
    reasons.forEach((r, i) => {
      const reason = r === null || r === undefined ? null : String(r);
      byReason.set(reason, (byReason.get(reason) ?? 0) + engineNumber(counts[i] as EngineValue));
    });
  const columns = [[...byReason.keys()], [...byReason.values()]];
  const rejected = [...byReason.keys()].some((reason) => reason !== null);
  const first = rejected ? await run(summaryAccountSql(sql).firstRejection) : undefined;
  return { sql, account: engineAccount(columns, first, sql) };
}

/**
 * The outlier rule over the columns of the account-by-day query, and the account it leaves: row counts by reason
 * (null: used), the used rows outside the kept range moved to 'outlier date'.
 *
 * @example keptDaysOfAccount([null, 'amount'], [9862, null], [5n, 1n]).byReason // Map { null → 5, 'amount' → 1 }
 */
export function keptDaysOfAccount(
  reasons: readonly EngineValue[],
  days: readonly EngineValue[],
  counts: readonly EngineValue[],
): {
  readonly kept: NonNullable<SummarySqlOptions['keptDays']> | undefined;
  readonly byReason: Map<string | null, number>;
} {
  const used: [number, number][] = [];
  const byReason = new Map<string | null, number>();
  reasons.forEach((reason, i) => {
    const n = engineNumber(counts[i] as EngineValue);
    if (reason === null || reason === undefined) used.push([engineNumber(days[i] as EngineValue), n]);
    else byReason.set(String(reason), (byReason.get(String(reason)) ?? 0) + n);
  });
  used.sort((a, b) => a[0] - b[0]);
  const kept = plausibleDaysOfHistogram(
    used.map(([day]) => day),
    used.map(([, n]) => n),
  );
  let inside = 0;
  let outside = 0;
  for (const [day, n] of used)
    if (kept !== undefined && (day < kept.from || day > kept.to)) outside += n;
    else inside += n;
  byReason.set(null, inside);
  if (outside > 0) byReason.set('outlier date', outside);
  return { kept, byReason };
}

/**
 * The summary options with the days the isolated-outlier rule keeps (`keptDays`), as the in-process reader decides
 * them, for a path that reads the account apart (`scoreInWarehouse` on PostgreSQL and ClickHouse; the summaries use
 * `accountWithKeptDays`): unless `mode` is 'keep', `observationEnd` is given or the caller set `keptDays`, the used
 * rows' day histogram (`summaryAccountSql(options).days`) is read and `plausibleDaysOfHistogram` judged on it; the
 * options come back unchanged when no day is an outlier.
 *
 * @example const sql = await withKeptDays(run, { dialect: 'duckdb', file: { path: 'o.csv', format: 'csv' } }, undefined, 'summarize');
 * // sql.keptDays: { from: 9862, to: 10407, gap: 774 } when one 1971-01-01 row sits in a 1997–1998 log
 */
export async function withKeptDays(
  run: EngineRun,
  options: SummarySqlOptions,
  mode: OutlierDatesMode | undefined,
  where: string,
): Promise<SummarySqlOptions> {
  if (!outlierRuleRuns(options, mode, where)) return options;
  const [reasons = [], days = [], counts = []] = await run(summaryAccountSql(options).days);
  const { kept } = keptDaysOfAccount(reasons, days, counts);
  return kept === undefined ? options : { ...options, keptDays: kept };
}
