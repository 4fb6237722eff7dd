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
import type { EngineRun } from './engineAccount.js';
import type { EngineValue } from './engineResult.js';

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

const OutlierOptionSchema = z.strictObject({
  outlierDates: z.optional(fieldSchema<OutlierDatesMode, OutlierDatesMode>(enumRule(OUTLIER_DATES_MODES))),
});

const whole = (v: EngineValue) => (typeof v === 'bigint' ? Number(v) : Number(String(v)));

/**
 * The summary options with the days the isolated-outlier rule keeps (`keptDays`), as the in-process reader decides
 * them: unless `mode` is 'keep', `observationEnd` is given or the caller set `keptDays`, the used rows' day
 * histogram (`summaryAccountSql(options, readInto).days`) is read and `plausibleDaysOfHistogram` judged on it; the
 * options come back unchanged when no day is an outlier. `readInto`: the table a DuckDB CSV file was read into.
 *
 * @example const sql = await withKeptDays(run, { dialect: 'duckdb', file: { path: 'o.csv', format: 'csv' } }, undefined, 'summarize');
 * // sql.keptDays: { from: 9862, to: 10407, gap: 774 } when one 1971-01-01 row sits in a 1997–1998 log
 */
export async function withKeptDays(
  run: EngineRun,
  options: SummarySqlOptions,
  mode: OutlierDatesMode | undefined,
  where: string,
  readInto?: string,
): Promise<SummarySqlOptions> {
  const { outlierDates } = parseInput(OutlierOptionSchema, { outlierDates: mode }, where);
  if (outlierDates === 'keep' || options.observationEnd !== undefined || options.keptDays !== undefined)
    return options;
  const [days = [], counts = []] = await run(summaryAccountSql(options, readInto).days);
  const kept = plausibleDaysOfHistogram(days.map(whole), counts.map(whole));
  return kept === undefined ? options : { ...options, keptDays: kept };
}
