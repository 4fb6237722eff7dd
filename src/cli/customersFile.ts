import { closeSync, openSync, readSync } from 'node:fs';
import { discretePeriods, type SummaryColumns, type TimeUnit } from '../index.js';
import { CliInputError, type CliIo, CliUsageError } from './command.js';
import { asInputError } from './fileErrors.js';
import {
  OPEN_QUOTE,
  readDelimiter,
  readLines,
  splitFields,
  summarizeFile,
  trimField,
} from './ingest/index.js';
import { openSource } from './ingest/source.js';
import { timeUnitOf } from './timeUnit.js';

const PERIOD_UNITS = ['week', 'month', 'quarter', 'year'];

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** Per-customer figures for the models, whether read from an order log or from a summary CSV. */
export interface CustomerFigures extends SummaryColumns {
  /** BG/BB's number of purchase opportunities per customer (summary CSV `periods`/`n`, or T from a log). */
  readonly periods?: Float64Array;
  /** How many customers each row stands for (summary CSV `weights`/`count`; 1 from a log). */
  readonly weights?: Float64Array;
  /** The unit of recency and T (from a log: --time-unit; from a summary CSV: --time-unit, as the user says). */
  readonly timeUnit: TimeUnit;
  /** Asked for with `idsAsKeys`, from a log: `customerId` holds keys, and this gives the id of each. */
  readonly labelOf?: (key: string | number) => string | number;
}

/** Summary CSV column names, the first found wins (lifetimes', CDNOW's and clvkit's spellings). */
const SUMMARY_NAMES = {
  customerId: ['customer_id', 'id', 'customer'],
  frequency: ['frequency', 'x'],
  recency: ['recency', 't_x'],
  T: ['t'],
  monetaryValue: ['monetary_value', 'zbar', 'monetary'],
  periods: ['periods', 'n', 'n_periods'],
  weights: ['weights', 'count', 'weight'],
} as const;

/** Whether a file's first line is a summary header (frequency or x, and T or periods), read without consuming stdin. */
function looksLikeSummary(file: string): boolean {
  if (file === '-') return false;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first =
      buf
        .subarray(0, n)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0] ?? '';
    const names = first.split(/[,;\t ]+/).map((s) => s.trim().replace(/^"|"$/g, '').toLowerCase());
    const time = names.includes('t') || names.includes('periods') || names.includes('n');
    return time && (names.includes('frequency') || names.includes('x'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads customers for a model: a transaction log is summarized by the core (see `summarizeFile`); a summary
 * CSV (`--input summary`, or detected by its header: frequency/x, recency/t_x, T, monetary_value/zbar) is read
 * as it is, every number checked with its line number.
 */
export async function readCustomerFigures(
  file: string,
  values: Values,
  io: CliIo,
  /**
   * For BG/BB: a log is read in calendar periods of --time-unit (see `discretePeriods`). `idsAsKeys`: from a
   * log, `customerId` may hold the reader's keys, with `labelOf` (`SummaryNeeds.idsAsKeys`).
   */
  options: { readonly discrete?: boolean; readonly idsAsKeys?: boolean } = {},
): Promise<CustomerFigures> {
  const input = typeof values.input === 'string' ? values.input : looksLikeSummary(file) ? 'summary' : 'log';
  const timeUnit = timeUnitOf(values);
  if (input === 'log' && options.discrete) return readPeriods(file, values, io);
  if (input === 'log') {
    const { result, labelOf } = await summarizeFile(file, values, io, {
      idsAsKeys: options.idsAsKeys === true,
    });
    return { ...result.columns, periods: result.columns.T, timeUnit, ...(labelOf ? { labelOf } : {}) };
  }
  if (input !== 'summary') throw new CliUsageError(`--input: expected log or summary, received '${input}'`);
  return readSummaryCsv(file, values, io, timeUnit, options.discrete === true);
}

/** An order log in BG/BB's terms: opportunities are the calendar periods (--time-unit) after the first. */
async function readPeriods(file: string, values: Values, io: CliIo): Promise<CustomerFigures> {
  const unit = values['time-unit'];
  if (typeof unit !== 'string' || !PERIOD_UNITS.includes(unit))
    throw new CliUsageError(
      `bgbb from an order log needs --time-unit week, month, quarter or year (the period in which a customer may buy or not)${typeof unit === 'string' ? `, received '${unit}'` : ''}`,
    );
  if (typeof values.granularity === 'string' && values.granularity !== unit)
    throw new CliUsageError(
      `bgbb counts at most one purchase per period: --granularity must be the --time-unit (${unit}), received '${values.granularity}'`,
    );
  const { result } = await summarizeFile(file, { ...values, granularity: unit }, io);
  const d = discretePeriods(result.columns, unit as never, result.calibrationEnd ?? result.observationEnd);
  const left = result.columns.frequency.length - d.kept.length;
  if (left > 0)
    io.stderr(
      `left out ${left.toLocaleString('en-US')} customers whose first purchase is in the last ${unit} (no opportunity to repeat yet)\n`,
    );
  return {
    customerId: Array.from(d.kept, (i) => result.columns.customerId[i] as string | number),
    frequency: d.frequency,
    recency: d.recency,
    T: d.periods,
    periods: d.periods,
    monetaryValue: Float64Array.from(d.kept, (i) => result.columns.monetaryValue[i] as number),
    timeUnit: unit as TimeUnit,
  };
}

async function readSummaryCsv(
  file: string,
  values: Values,
  io: CliIo,
  timeUnit: TimeUnit,
  /** BG/BB: frequency, recency and periods (or T) must be whole numbers of periods. */
  discrete: boolean,
): Promise<CustomerFigures> {
  const delimiter = readDelimiter(typeof values.delimiter === 'string' ? values.delimiter : undefined);
  if (!delimiter) throw new CliUsageError(`--delimiter: expected one character, 'tab' or 'whitespace'`);
  let index: Partial<Record<keyof typeof SUMMARY_NAMES, number>> | undefined;
  const cols: Record<string, number[]> = {};
  const ids: (string | number)[] = [];
  try {
    for await (const batch of readLines(openSource(file, io))) {
      for (let k = 0; k < batch.lines.length; k++) {
        const line = batch.first + k;
        const text = batch.lines[k] as string;
        if (text.trim() === '') continue;
        const split = splitFields(text, delimiter);
        if (!Array.isArray(split))
          throw new CliInputError(
            `${file}, line ${line}: ${split === OPEN_QUOTE ? 'a quoted field is not closed on its line' : split.bad}`,
          );
        const fields = split;
        if (!index) {
          const header = fields.map((f) => trimField(f).toLowerCase());
          index = {};
          for (const [key, names] of Object.entries(SUMMARY_NAMES)) {
            const i = header.findIndex((h) => (names as readonly string[]).includes(h));
            if (i >= 0) index[key as keyof typeof SUMMARY_NAMES] = i;
          }
          // BG/BB summaries give opportunities (periods) instead of T: either will do.
          if (index.T === undefined && index.periods !== undefined) index.T = index.periods;
          for (const key of ['frequency', 'recency', 'T'] as const) {
            if (index[key] === undefined)
              throw new CliInputError(
                `${file}: a summary needs a ${key} column (${[...SUMMARY_NAMES[key], ...(key === 'T' ? ['periods', 'n'] : [])].join(' or ')}); the header is ${fields.map((f) => `'${f}'`).join(', ')}`,
              );
          }
          continue;
        }
        for (const key of ['frequency', 'recency', 'T', 'monetaryValue', 'periods', 'weights'] as const) {
          const i = index[key];
          if (i === undefined) continue;
          const raw = trimField(fields[i] ?? '');
          const x = Number(raw);
          if (raw === '' || !Number.isFinite(x) || x < 0) {
            throw new CliInputError(
              `${file}, line ${line}: column ${key}: expected a number of 0 or more, received '${raw}'`,
            );
          }
          if (discrete && key !== 'monetaryValue' && key !== 'weights' && !Number.isInteger(x)) {
            throw new CliInputError(
              `${file}, line ${line}: column ${key}: bgbb needs whole numbers of periods (x, t_x, n), received '${raw}'`,
            );
          }
          (cols[key] ??= []).push(x);
        }
        ids.push(index.customerId === undefined ? ids.length + 1 : trimField(fields[index.customerId] ?? ''));
      }
    }
  } catch (e) {
    throw asInputError(e, file);
  }
  if (!index) throw new CliInputError(`${file}: the file is empty`);
  if (ids.length === 0) throw new CliInputError(`${file}: no data rows after the header`);
  const weighted = cols.weights
    ? ` (${cols.weights.reduce((a, b) => a + b, 0).toLocaleString('en-US')} customers)`
    : '';
  io.stderr(
    `read ${ids.length.toLocaleString('en-US')} summary row${ids.length === 1 ? '' : 's'}${weighted}\n`,
  );
  const f64 = (k: string) => (cols[k] ? Float64Array.from(cols[k] as number[]) : undefined);
  const n = ids.length;
  return {
    customerId: ids,
    frequency: f64('frequency') as Float64Array,
    recency: f64('recency') as Float64Array,
    T: f64('T') as Float64Array,
    monetaryValue: f64('monetaryValue') ?? new Float64Array(n),
    ...(cols.periods ? { periods: f64('periods') as Float64Array } : {}),
    ...(cols.weights ? { weights: f64('weights') as Float64Array } : {}),
    timeUnit,
  };
}
