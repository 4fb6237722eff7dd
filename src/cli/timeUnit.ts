import { DEFAULT_TIME_UNIT, type TimeUnit, timeUnitRule } from '../transactions/calendar.js';
import { CliUsageError } from './command.js';

/**
 * `--time-unit`, read once: one of day, week, month, quarter, year (plurals accepted), the library's default
 * (day) when absent.
 *
 * @example timeUnitOf({ 'time-unit': 'weeks' }) // 'week'
 */
export function timeUnitOf(values: Readonly<Record<string, string | boolean | undefined>>): TimeUnit {
  const raw = values['time-unit'];
  if (raw === undefined) return DEFAULT_TIME_UNIT;
  const unit = timeUnitRule.convert(raw);
  if (unit === undefined)
    throw new CliUsageError(`--time-unit: expected ${timeUnitRule.expected}, received '${String(raw)}'`);
  return unit;
}
