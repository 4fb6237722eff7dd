import { statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { createSummarizer, formatDay, type SummarizeOptions, type SummaryResult } from '../../index.js';
import { type TemporaryRunStore, temporaryRunStore } from '../../node/temporaryRunStore.js';
import { blankFieldReason } from '../../transactions/blankFieldReason.js';
import { dayFromCivil, instantDayReader } from '../../transactions/calendar.js';
import { compileDateFormat } from '../../transactions/dateFormat.js';
import { BYTES_PER_ROW } from '../../transactions/orderColumns.js';
import { OUTLIER_REASON, RETURN_REASON } from '../../transactions/orderLogReader.js';
import { type KeptDateRange, outlierDateReason } from '../../transactions/outlierDays.js';
import { BYTES_PER_HELD_ROW } from '../../transactions/sortedRunStore.js';
import { collectGarbage } from '../collectGarbage.js';
import { CliInputError, type CliIo, CliUsageError } from '../command.js';
import { asInputError, checkInputFile } from '../fileErrors.js';
import { threadCount } from '../fitThreading.js';
import { formatCsv } from '../output.js';
import { type OutputFile, openOutput } from '../outputFile.js';
import { createProgress } from '../progress.js';
import { accountLine, stoppedLine } from './accountLine.js';
import { type ColumnPlan, columnsLine, orderColumnHint, planColumns } from './columns.js';
import { createExportRows, type ExportSettings, exportSettings } from './exportRows.js';
import { type Delimiter, OPEN_QUOTE, readDelimiter, splitFields, trimField } from './fields.js';
import { IdTable } from './idTable.js';
import {
  DAY_FROM_TEXT,
  FAST_ROW,
  type FastLinePlan,
  NOT_UTF8,
  type ParsedLines,
  parseLines,
} from './lineBlock.js';
import { type LineParser, lineParser, type ParsedBlock } from './lineParser.js';
import { readLines } from './lines.js';
import { similarIds, similarIdsWarning } from './similarIds.js';
import {
  ENCODING_HINT,
  type Encoding,
  estimatedLines,
  openSource,
  readEncoding,
  utf8Bytes,
} from './source.js';

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** What reading a log gives: the core's summary and the account of every line. */
export interface FileSummary {
  readonly result: SummaryResult;
  readonly rowsRead: number;
  readonly rowsUsed: number;
  readonly rowsRejected: number;
  /** Rejected rows by reason (`field count`, `date`, `amount`, …); they sum to `rowsRejected`. */
  readonly rejectedBy: Readonly<Record<string, number>>;
  /** What the summaries' amounts are: revenue, or profit (--cost-col, --profit-margin). */
  readonly value: 'revenue' | 'profit';
  /**
   * The currency of the amounts, when a currency column was read: the one currency of the log, or the
   * reporting currency with --rates (undefined without a currency column).
   */
  readonly currency?: string;
  /** With `SummaryNeeds.idsAsKeys`: the id of a key in `result.columns.customerId`. */
  readonly labelOf?: (key: string | number) => string | number;
}

/** What a caller of `summarizeFile` will ask of the summary beyond its customers. */
export interface SummaryNeeds {
  /** `SummaryResult.cohortRetention` (the report's cohort table): the purchase occasions are kept (default false). */
  readonly cohorts?: boolean;
  /**
   * The summary's `customerId` holds the reader's keys (whole numbers) and `FileSummary.labelOf` gives each
   * id: no id string is made until one is asked for (`clvkit predict` prints 10 million ids block by block,
   * so their strings, about 400 MB, never live at once). Default false: the ids themselves.
   */
  readonly idsAsKeys?: boolean;
}

/** Why a row was rejected, as counted in the `read N rows: …` account. */
export type RejectKind =
  | 'field count'
  | 'unclosed quote'
  | 'quoting'
  | 'date'
  | 'implausible date'
  | typeof OUTLIER_REASON
  | 'amount'
  | 'customer id'
  // Real exports (exportRows.ts):
  | 'quantity'
  | 'price'
  | 'cost'
  | 'currency'
  | 'order'
  | 'zero amount'
  | 'filtered'
  // --returns exclude:
  | 'return';

const REJECT_COLUMNS = ['line', 'reason', 'text'];
/** The first line of a `--rejects` file (every reading path writes the same columns). */
export const REJECT_HEADER = 'line,reason,text\n';

/**
 * One rejected row as a line of the `--rejects` file: its line number (empty for a table row, which has none),
 * the reason in the reader's words, and its text (CSV-quoted where needed).
 *
 * @example rejectLineCsv(5, "column amount: expected an amount of 0 or more, received '-3'", '3,2024-02-03,-3')
 * // '5,column amount: expected an amount of 0 or more, received \'-3\',"3,2024-02-03,-3"\n'
 */
export function rejectLineCsv(line: number | undefined, reason: string, text: string): string {
  return formatCsv([{ line: line ?? '', reason, text }], REJECT_COLUMNS).slice(REJECT_HEADER.length);
}

/** Lines a quoted field may span; past them the quote is taken as unclosed (so reading stays linear). */
export const MAX_QUOTED_LINES = 100;

/**
 * Files of this many bytes or more (other inputs: past this many bytes) parse their lines on a worker thread;
 * smaller inputs are not worth it.
 */
const THREADED_AFTER = 8 * 2 ** 20;
/** Blocks (about a megabyte each) parsed ahead of the one being applied. */
const QUEUED_BLOCKS = 3;

/** The UTC reader (`instantDayReader` gives the same function for UTC every time). */
const UTC_DAY = instantDayReader('UTC');

/** Dates before this day are rejected as implausible (a typo, a 0001-01-01 placeholder). */
const FIRST_PLAUSIBLE_DAY = dayFromCivil(1900, 1, 1);

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The reading flags, validated: `ingestSettings` runs before any file is opened. */
export interface IngestSettings {
  readonly delimiter: Delimiter;
  readonly dateFormat: string;
  readonly readDay: (text: string) => number | undefined;
  /** Rejected rows tolerated before the run stops (0: stop at the first, the default). */
  readonly maxRejects: number;
  /** With `--max-rejects P%`: the share of rows read that may be rejected, checked at the end. */
  readonly maxRejectShare: number | undefined;
  readonly encoding: Encoding;
  readonly summarizer: SummarizeOptions;
  /** --memory-budget in bytes and --spill-dir: past the budget, sorted runs go to a temporary directory there. */
  readonly spill: { readonly memoryBudget: number; readonly parent: string | undefined };
  /** The flags of real exports (invoice lines, formats, currencies, profit, time zone). */
  readonly exports: ExportSettings;
  /** --threads: more than 1 parses lines on a worker thread while the reader applies them (large inputs). */
  readonly threads: number;
}

/**
 * Checks every reading flag (delimiter, date format, --on-bad-row, --max-rejects, --encoding and the
 * summarizer's options) and throws the usage error of the first bad one; nothing is opened or read.
 */
export function ingestSettings(values: Values): IngestSettings {
  const delimiter = readDelimiter(str(values.delimiter));
  if (!delimiter) {
    throw new CliUsageError(
      `--delimiter: expected one character, 'tab' or 'whitespace', received '${String(values.delimiter)}'`,
    );
  }
  const dateFormat = str(values['date-format']) ?? 'iso';
  const exports = exportSettings(values);
  const readDay = compileDateFormat(dateFormat, exports.instantDay);
  if (!readDay) {
    throw new CliUsageError(
      `--date-format: expected 'iso' or a pattern of yyyy, MM and dd such as yyyyMMdd or dd/MM/yyyy (M and d for one or two digits, as in M/d/yyyy), or 'excel' for Excel date serials; received '${dateFormat}'`,
    );
  }
  const onBadRow = str(values['on-bad-row']) ?? 'stop';
  if (onBadRow !== 'stop' && onBadRow !== 'skip') {
    throw new CliUsageError(`--on-bad-row: expected stop or skip, received '${onBadRow}'`);
  }
  let maxRejects = onBadRow === 'skip' ? Number.POSITIVE_INFINITY : 0;
  let maxRejectShare: number | undefined;
  const limit = str(values['max-rejects']);
  if (limit !== undefined) {
    const m = /^(\d{1,15})(%?)$/.exec(limit.trim());
    if (!m || (m[2] === '%' && Number(m[1]) > 100))
      throw new CliUsageError(
        `--max-rejects: expected a number of rows (e.g. 100) or a percentage of the rows read (e.g. 5%), received '${limit}'`,
      );
    if (m[2] === '%') maxRejectShare = Number(m[1]) / 100;
    else maxRejects = Number(m[1]);
  }
  const encoding = readEncoding(str(values.encoding));
  if (!encoding)
    throw new CliUsageError(
      `--encoding: expected utf8, latin1 or utf16le, received '${String(values.encoding)}'`,
    );
  const summarizer: SummarizeOptions = {
    ...(str(values['time-unit']) ? { timeUnit: str(values['time-unit']) as never } : {}),
    ...(str(values.granularity) ? { granularity: str(values.granularity) as never } : {}),
    ...(str(values['observation-end']) ? { observationEnd: str(values['observation-end']) } : {}),
    ...(str(values['calibration-end']) ? { calibrationEnd: str(values['calibration-end']) } : {}),
    // --refund-col nets refunds as returns: its default is --returns net (exportSettings refuses another).
    ...(str(values.returns)
      ? { returns: str(values.returns) as never }
      : str(values['refund-col'])
        ? { returns: 'net' as const }
        : {}),
    ...(values['keep-outlier-dates'] === true ? { outlierDates: 'keep' as const } : {}),
    onBadRow: 'collect',
  };
  createSummarizer(summarizer); // validates the options (a ClvValidationError names the flag)
  const spill = spillSettings(values);
  const threads = threadCount(values) ?? availableParallelism();
  return {
    delimiter,
    dateFormat,
    readDay,
    maxRejects: maxRejectShare === undefined ? maxRejects : Number.POSITIVE_INFINITY,
    maxRejectShare,
    encoding,
    summarizer,
    spill,
    exports,
    threads,
  };
}

/** Bytes in a megabyte of --memory-budget (2^20). */
const MEGABYTE = 2 ** 20;

/**
 * The default --memory-budget: a quarter of the machine's memory (the rows held are typed arrays outside
 * the JavaScript heap, so this is the budget's own bound), e.g. 4 GB — 119 M orders held — on a 16 GB machine.
 *
 * @example defaultMemoryBudget() // 4294967296 on a 16 GiB machine
 */
export function defaultMemoryBudget(): number {
  return Math.max(BYTES_PER_HELD_ROW, Math.floor(totalmem() / 4));
}

/** --memory-budget (megabytes, decimals allowed) in bytes, and --spill-dir checked to be a directory. */
function spillSettings(values: Values): IngestSettings['spill'] {
  const text = str(values['memory-budget']);
  let memoryBudget = defaultMemoryBudget();
  if (text !== undefined) {
    const mb = /^\d{1,9}(\.\d{1,9})?$/.test(text.trim()) ? Number(text) : Number.NaN;
    if (!(mb * MEGABYTE >= BYTES_PER_HELD_ROW))
      throw new CliUsageError(
        `--memory-budget: expected the megabytes for the orders held, e.g. 512 (${BYTES_PER_HELD_ROW} bytes an order, so at least 0.0001), received '${text}'`,
      );
    memoryBudget = Math.floor(mb * MEGABYTE);
  }
  const parent = str(values['spill-dir']);
  if (parent !== undefined) {
    let isDirectory = false;
    try {
      isDirectory = statSync(parent).isDirectory();
    } catch {
      // not there: said below
    }
    if (!isDirectory) throw new CliUsageError(`--spill-dir: expected a directory, received '${parent}'`);
  }
  return { memoryBudget, parent };
}

/**
 * The stderr line of a run that spilled (empty when it did not): how many sorted runs of how many orders went
 * where, and why, e.g. `spilled 8 sorted runs (10,000,000 orders, 190.7 MB on disk) to /tmp/clvkit-runs-4242-Ab12Cd:
 * more orders than --memory-budget 42.92 MB holds (1,250,000); merged and removed` (megabytes of 2^20 bytes).
 *
 * @example spillLine(store, 45_000_000) // '' when the store holds no run
 */
export function spillLine(store: TemporaryRunStore, memoryBudget: number): string {
  if (store.runs === 0) return '';
  const mb = (bytes: number) => (bytes / MEGABYTE).toLocaleString('en-US', { maximumSignificantDigits: 4 });
  return `spilled ${store.runs.toLocaleString('en-US')} sorted runs (${store.rowsWritten.toLocaleString('en-US')} orders, ${mb(store.bytesWritten)} MB on disk) to ${store.directory}: more orders than --memory-budget ${mb(memoryBudget)} MB holds (${Math.floor(memoryBudget / BYTES_PER_HELD_ROW).toLocaleString('en-US')}); merged and removed\n`;
}

/** The day after today (UTC): later order dates are implausible (a 9999-12-31 placeholder, a typo). */
function lastPlausibleDay(): number {
  const now = new Date();
  return dayFromCivil(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()) + 1;
}

/**
 * Reads a transaction CSV into the core's streaming summarizer (see `ingestOptions` for the flags): lines
 * are split and their date parsed here, everything else is the core's (`Summarizer.addDay`). Every physical
 * record is accounted for: a row is used or rejected with its line number and reason — more or fewer fields
 * than the header, a quoted field not closed within `MAX_QUOTED_LINES` lines, a date before 1900 or after
 * today (without --observation-end), a blank or bad amount, a negative one (unless --returns net netted it
 * or --returns exclude dropped it: counted as rejected, reason `return`, never a reason to stop), a missing
 * id. A bad row stops the run (exit 2)
 * unless --on-bad-row skip or --max-rejects allow it; skipped rows go to `--rejects` (written atomically,
 * never onto an input). Every row rejected is an error. Ends with
 * `read N rows: M used, K rejected (k1 reason1, …)` on stderr, and first `columns: …` when a column was
 * found by its header name rather than named by a flag. A --calibration-end outside the orders' dates is an
 * error naming their range. The flags of real exports (invoice lines, orders, number formats, currencies,
 * profit; see docs/real-exports.md) send rows through `createExportRows` instead of the byte fast path.
 */
export async function summarizeFile(
  file: string,
  values: Values,
  io: CliIo,
  needs: SummaryNeeds = {},
): Promise<FileSummary> {
  const base = ingestSettings(values);
  // Purchase occasions are kept only for a caller that makes cohort tables (4 bytes an occasion otherwise spent).
  const settings = { ...base, summarizer: { ...base.summarizer, cohorts: needs.cohorts === true } };
  // Past --memory-budget, sorted runs go to a temporary directory (made at the first), removed however this ends.
  const store = temporaryRunStore({ parent: settings.spill.parent });
  try {
    return await summarizeWithStore(file, values, io, settings, store, needs.idsAsKeys === true);
  } finally {
    store.dispose();
  }
}

/** `summarizeFile` with its settings read and its spill store made. */
async function summarizeWithStore(
  file: string,
  values: Values,
  io: CliIo,
  settings: IngestSettings,
  store: TemporaryRunStore,
  idsAsKeys: boolean,
): Promise<FileSummary> {
  const { delimiter, dateFormat, maxRejects, encoding } = settings;
  // The day of the last date text read: lines of one order or invoice repeat its timestamp (the UCI file's
  // invoices have 20 lines on average), and the reader is a pure function of the text.
  let lastDateText: string | undefined;
  let lastDateDay: number | undefined;
  const readDay = (dateText: string): number | undefined => {
    if (dateText !== lastDateText) {
      lastDateText = dateText;
      lastDateDay = settings.readDay(dateText);
    }
    return lastDateDay;
  };
  checkInputFile(file);
  const where = file === '-' ? 'stdin' : file;
  // Room for about as many rows as the file has lines, when that can be told from its size (`estimatedLines`).
  const summarizer = createSummarizer(
    { ...settings.summarizer, spill: { store, memoryBudget: settings.spill.memoryBudget } },
    estimatedLines(file),
  );
  const header = values['no-header'] !== true;
  const flags = {
    customer: str(values['customer-col']),
    date: str(values['date-col']),
    // Quantity × price stands for the amount column.
    amount: settings.exports.columns.quantity === undefined ? str(values['amount-col']) : 'none',
  };
  const lastDay =
    settings.summarizer.observationEnd === undefined ? lastPlausibleDay() : Number.POSITIVE_INFINITY;
  const rejectsPath = str(values.rejects);
  const rejects: OutputFile | undefined =
    rejectsPath === undefined
      ? undefined
      : openOutput(rejectsPath, '--rejects', [
          file,
          ...(str(values.rates) === undefined ? [] : [str(values.rates) as string]),
        ]);
  rejects?.write(REJECT_HEADER);
  const progress = createProgress(io, values.quiet === true);
  if (settings.exports.note) io.stderr(settings.exports.note);

  // Ids are interned (idTable.ts): the summarizer gets each customer's key and, at the end, their ids. An
  // empty id is passed as it is, for the summarizer to reject with its reason.
  const ids = new IdTable();
  const keyOf = (rawId: string): string | number => (rawId === '' ? rawId : ids.keyOfText(rawId));
  let plan: ColumnPlan | undefined;
  let rows = 0;
  let rejected = 0;
  const rejectedBy: Record<string, number> = {};
  let firstDay = Number.POSITIVE_INFINITY;
  let lastUsedDay = Number.NEGATIVE_INFINITY;
  let sawLine = false;
  /** The lines of a record whose quoted field is still open: its first line number and its lines. */
  let pending: { readonly line: number; readonly lines: string[] } | undefined;

  const account = () => accountLine(rows, rejected, rejectedBy);

  /** Rows left out because a flag asked for it (--zero-amounts skip): in the account, never an error. */
  let leftOut = 0;
  const rejectLine = (lineNo: number, text: string, reason: string, kind: RejectKind, asked = false) => {
    rejected++;
    if (asked) leftOut++;
    rejectedBy[kind] = (rejectedBy[kind] ?? 0) + 1;
    rejects?.write(rejectLineCsv(lineNo, reason, text));
    if (rejected - leftOut > maxRejects) {
      progress.done();
      rejects?.commit(); // what was rejected so far stays readable
      throw new CliInputError(
        `${where}, line ${lineNo}: ${reason}`,
        `${stoppedLine(maxRejects)}${account()}`,
      );
    }
  };

  // The row reader of real exports (exportRows.ts), made once the columns are known.
  let exportRows: ReturnType<typeof createExportRows> | undefined;
  const exportHooks = {
    where,
    reject: (lineNo: number, text: string, reason: string, kind: string) =>
      rejectLine(lineNo, text, reason, kind as RejectKind),
    leaveOut: (lineNo: number, text: string, reason: string, kind: string) =>
      rejectLine(lineNo, text, reason, kind as RejectKind, true),
    keyOf,
    labelOf: (key: string | number) => (typeof key === 'number' && key < ids.size ? ids.labelOf(key) : key),
    add: (id: string | number, day: number, amount: string | undefined, lines?: readonly number[]) => {
      // An order of several lines: its core row stands for all of them (an outlier date rejects each).
      if (lines !== undefined && lines.length > 0) {
        lineNow = lines[0] as number;
        if (lines.length > 1) orderLines.set(added, lines);
      }
      return add(id, day, amount);
    },
    addReturn: (id: string | number, day: number, amount: string) => {
      // A refund's row stands for no line of its own (the purchase it nets against counted it).
      refundRows.add(added);
      return add(id, day, amount);
    },
    lastIssue: () => summarizer.lastRejection?.issue,
    coreRejected: (
      lineNo: number,
      text: string,
      rawId: string,
      rawDate: string,
      amount: string | undefined,
    ) => reportRejection(lineNo, text, rawId, rawDate, amount),
    keepText: rejects !== undefined,
  };

  /** Reports the row the core's summarizer just rejected, naming the file's column. */
  const reportRejection = (
    lineNo: number,
    text: string,
    rawId: string,
    rawDate: string,
    amount: string | undefined,
  ) => {
    const p = plan as ColumnPlan;
    if (summarizer.lastRejection?.reason === RETURN_REASON) {
      // --returns exclude: dropped on purpose, counted and listed in --rejects, never a reason to stop.
      rejected++;
      rejectedBy.return = (rejectedBy.return ?? 0) + 1;
      rejects?.write(rejectLineCsv(lineNo, `column ${p.names.amount}: a return (--returns exclude)`, text));
      return;
    }
    const issue = summarizer.lastRejection?.issue;
    const field = issue?.path.split('.').pop();
    const column =
      field === 'customerId' ? p.names.customer : field === 'amount' ? p.names.amount : p.names.date;
    const received = field === 'date' ? rawDate : field === 'amount' ? amount : rawId;
    // The core names its option; the user typed the flag.
    const expected = issue?.expected.replace('observationEnd', '--observation-end');
    rejectLine(
      lineNo,
      text,
      `column ${column}: expected ${expected}, received '${received}'`,
      field === 'customerId' ? 'customer id' : field === 'amount' ? 'amount' : 'implausible date',
    );
  };

  /** The reason a day is implausible (before 1900, after today), or undefined. */
  const implausible = (day: number) =>
    day < FIRST_PLAUSIBLE_DAY
      ? 'a date on or after 1900-01-01'
      : day > lastDay
        ? `a date no later than today (${formatDay(lastDay - 1)}; give --observation-end to read later dates)`
        : undefined;

  // The line of each row the core is given (its index there), to name a row it drops at the end (an outlier
  // date): kept as runs over which line − index is constant, so one entry per rejected or multi-line record.
  let lineNow = 0;
  let added = 0;
  // The lines of each order of several lines (--order-col), by its row index in the core.
  const orderLines = new Map<number, readonly number[]>();
  // The core rows of refunds (--refund-col), by index: each stands for no line of its own.
  const refundRows = new Set<number>();
  const runStart: number[] = [];
  const runOffset: number[] = [];
  const lineOfIndex = (index: number): number => {
    let lo = 0;
    let hi = runStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((runStart[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return index + (runOffset[lo] ?? 0);
  };

  /** Notes `count` rows handed to the core from `line` on, one a line (their indices there map to these lines). */
  const noteGiven = (line: number, count: number) => {
    if (line - added !== runOffset[runOffset.length - 1]) {
      runStart.push(added);
      runOffset.push(line - added);
    }
    added += count;
  };
  /** Notes the day of a row the core kept (the range a calibration end is checked against). */
  const noteUsedDay = (day: number) => {
    if (day < firstDay) firstDay = day;
    if (day > lastUsedDay) lastUsedDay = day;
  };

  /** Adds a row the reader has checked; false when the core rejected it. */
  const add = (id: string | number, day: number, amount: number | string | undefined): boolean => {
    noteGiven(lineNow, 1);
    if (!summarizer.addDay(id, day, amount)) return false;
    noteUsedDay(day);
    return true;
  };

  /** A record whose quote never closed: its first line is rejected and the lines after it read again. */
  const abandonPending = (reason: string) => {
    const p = pending as { readonly line: number; readonly lines: string[] };
    pending = undefined;
    if (!plan) throw new CliInputError(`${where}, line ${p.line}: the header's ${reason}`);
    rows++;
    rejectLine(p.line, p.lines[0] as string, reason, 'unclosed quote');
    for (let k = 1; k < p.lines.length; k++) handle(p.lines[k] as string, p.line + k);
  };

  const handle = (lineText: string, lineNumber: number) => {
    let text = lineText;
    let lineNo = lineNumber;
    if (pending) {
      pending.lines.push(lineText);
      // Only a line with a quote can close the open field: others are joined without parsing again.
      if (!lineText.includes('"')) {
        if (pending.lines.length >= MAX_QUOTED_LINES)
          abandonPending(`quoted field is not closed within ${MAX_QUOTED_LINES} lines`);
        return;
      }
      text = pending.lines.join('\n');
      lineNo = pending.line;
    }
    if (text.trim() === '') return;
    const fields = splitFields(text, delimiter, pending !== undefined);
    if (pending && !Array.isArray(fields) && fields !== OPEN_QUOTE) {
      // The quote opened on the first line closes on a later one but is followed by text there: it was a
      // stray quote, not a field over several lines. The first line is rejected, the others read again.
      abandonPending(`quoted field opened on this line does not close properly (${fields.bad})`);
      return;
    }
    if (fields === OPEN_QUOTE) {
      // An open quote: the field goes on in the next line, for at most MAX_QUOTED_LINES lines.
      if (!pending) pending = { line: lineNo, lines: [lineText] };
      else if (pending.lines.length >= MAX_QUOTED_LINES)
        abandonPending(`quoted field is not closed within ${MAX_QUOTED_LINES} lines`);
      return;
    }
    pending = undefined;
    lineNow = lineNo;
    if (!Array.isArray(fields)) {
      if (!plan) throw new CliInputError(`${where}, line ${lineNo}: the header has ${fields.bad}`);
      rows++;
      rejectLine(lineNo, text, fields.bad, 'quoting');
      return;
    }
    if (!plan) {
      sawLine = true;
      plan = planColumns(
        header ? fields.map(trimField) : undefined,
        flags,
        fields.length,
        settings.exports.columns,
      );
      if (plan.guessed.length > 0) io.stderr(columnsLine(plan));
      // A currency column found by its header name is read as --currency-col reads it (columns.ts).
      if (settings.exports.active || plan.extra.currency)
        exportRows = createExportRows(settings.exports, plan, exportHooks);
      if (header) return;
    }
    rows++;
    if (fields.length !== plan.fields) {
      rejectLine(
        lineNo,
        text,
        `expected ${plan.fields} fields${header ? ' as in the header' : ' as in the first line'}, found ${fields.length} (is --delimiter right? a field holding the delimiter, such as 1,234.50, must be quoted)`,
        'field count',
      );
      return;
    }
    if (exportRows?.leftOut(fields, lineNo, text)) {
      progress.tick(rows);
      return;
    }
    const rawId = trimField(fields[plan.customer] as string);
    const rawDate = trimField(fields[plan.date] as string);
    const day = readDay(rawDate);
    if (day === undefined) {
      rejectLine(
        lineNo,
        text,
        `column ${plan.names.date}: expected a date${dateFormat === 'iso' ? ' (yyyy-MM-dd)' : dateFormat === 'excel' ? ' (an Excel date serial such as 40513)' : ` like ${dateFormat}`}, received '${rawDate}'`,
        'date',
      );
      return;
    }
    const outOfRange = implausible(day);
    if (outOfRange) {
      rejectLine(
        lineNo,
        text,
        `column ${plan.names.date}: expected ${outOfRange}, received '${rawDate}'`,
        'implausible date',
      );
      return;
    }
    if (exportRows) {
      exportRows.row(fields, lineNo, text, rawId, rawDate, day);
      progress.tick(rows);
      return;
    }
    const amount = plan.amount >= 0 ? trimField(fields[plan.amount] as string) : undefined;
    if (amount === '') {
      rejectLine(
        lineNo,
        text,
        blankFieldReason(plan.names.amount, 'an amount', orderColumnHint(plan)),
        'amount',
      );
      return;
    }
    const id = keyOf(rawId);
    if (!add(id, day, amount)) reportRejection(lineNo, text, rawId, rawDate, amount);
    progress.tick(rows);
  };

  // The byte-level fast path (lineBlock.ts, idTable.ts): with a one-character delimiter, lines are found and
  // read in the file's bytes, a block at a time; a line it cannot read plainly is decoded and goes through
  // `handle`.
  const byteDelimiter = delimiter.kind === 'char' ? Buffer.from(delimiter.char, 'utf8') : undefined;
  const dayRule: FastLinePlan['dayRule'] =
    dateFormat === 'iso'
      ? settings.exports.instantDay === UTC_DAY
        ? 'iso-utc'
        : 'iso'
      : dateFormat === 'yyyyMMdd'
        ? 'yyyyMMdd'
        : 'text';
  /**
   * The fast path's plan, once the columns are known: none for the flags of real exports, except a currency
   * column alone, once a row has given the log's currency (rows in it are plain; see `plainCurrency`).
   */
  const fastPlan = (): FastLinePlan | undefined => {
    if (plan === undefined || byteDelimiter === undefined) return undefined;
    const currency = exportRows?.plainCurrency();
    if (exportRows !== undefined && currency === undefined) return undefined;
    return {
      delimiter: byteDelimiter,
      width: plan.width,
      fields: plan.fields,
      customer: plan.customer,
      date: plan.date,
      amount: plan.amount,
      dayRule,
      firstDay: FIRST_PLAUSIBLE_DAY,
      lastDay,
      ...(currency === undefined || plan.extra.currency === undefined
        ? {}
        : { same: { index: plan.extra.currency.index, bytes: Buffer.from(currency, 'utf8') } }),
    };
  };
  /** Whether the fast path's plan is known (it never goes away once it is). */
  let fastKnown = false;
  const fastReady = () => {
    if (!fastKnown && fastPlan() !== undefined) fastKnown = true;
    return fastKnown;
  };
  const text = (b: Buffer, from: number, to: number) => b.toString('utf8', from, to);

  /** Adds the plain row i of a parsed block; false sends it to the general path (which reports any problem). */
  const applyRow = (b: Buffer, r: ParsedLines, i: number, lineNo: number): boolean => {
    // With a currency column, only the plain rows the summarizer takes at once bypass the export rows' reader.
    if (exportRows !== undefined) return false;
    const p = plan as ColumnPlan;
    let day = r.day[i] as number;
    if (day === DAY_FROM_TEXT) {
      const d = readDay(text(b, r.dateFrom[i] as number, r.dateTo[i] as number));
      if (d === undefined || d < FIRST_PLAUSIBLE_DAY || d > lastDay) return false;
      day = d;
    }
    let amount: number | string | undefined;
    if (p.amount >= 0) {
      amount = r.amount[i] as number;
      if (Number.isNaN(amount)) amount = text(b, r.amountFrom[i] as number, r.amountTo[i] as number);
    }
    const idFrom = r.idFrom[i] as number;
    const idTo = r.idTo[i] as number;
    const id = ids.keyOfHashed(b, idFrom, idTo, r.idHash[i] as number);
    rows++;
    lineNow = lineNo;
    if (!add(id, day, amount))
      reportRejection(
        lineNo,
        text(b, r.lineFrom[i] as number, r.lineTo[i] as number),
        text(b, idFrom, idTo),
        text(b, r.dateFrom[i] as number, r.dateTo[i] as number),
        p.amount >= 0 ? text(b, r.amountFrom[i] as number, r.amountTo[i] as number) : undefined,
      );
    return true;
  };

  const notUtf8 = (lineNo: number) =>
    new CliInputError(`${where}, line ${lineNo}: not valid UTF-8 text; ${ENCODING_HINT}`);

  let lineNo = 0;
  /** Sum of the id-table words read ahead (`IdTable.touch`), kept so that the reads are not dropped. */
  let touched = 0;
  /** The keys of a block's plain rows, by line (grown to the longest block). */
  let blockKeys = new Int32Array(0);

  /**
   * Adds the plain rows from line i of a parsed block on — fast rows whose day and amount were read from their
   * bytes — as one run: their ids interned (the id-table slots of the next 16 read side by side first), then
   * the run handed to the summarizer at once (`Summarizer.addDays`); a row it stops at (a return, a date past
   * --observation-end…) goes through `applyRow`, which reports what the core decided. The rows, their order and
   * their account are those of `applyRow` line by line. Returns the index of the first line not read.
   */
  const applyPlainRun = (b: Buffer, r: ParsedLines, i: number): number => {
    const amounts = (plan as ColumnPlan).amount >= 0 ? r.amount : undefined;
    if (blockKeys.length < r.count) blockKeys = new Int32Array(r.count);
    const keys = blockKeys;
    let j = i;
    for (; j < r.count; j++) {
      if (r.kind[j] !== FAST_ROW || r.day[j] === DAY_FROM_TEXT) break;
      if (amounts !== undefined && Number.isNaN(amounts[j])) break;
      if (((j - i) & 15) === 0) {
        const ahead = Math.min(r.count, j + 16);
        for (let k = j; k < ahead; k++)
          if (r.kind[k] === FAST_ROW) touched += ids.touch(r.idHash[k] as number);
      }
      keys[j] = ids.keyOfHashed(b, r.idFrom[j] as number, r.idTo[j] as number, r.idHash[j] as number);
    }
    const firstLine = lineNo + 1 - i;
    for (let at = i; at < j; ) {
      const stop = summarizer.addDays(keys, r.day, amounts, at, j);
      if (stop > at) {
        noteGiven(firstLine + at, stop - at);
        rows += stop - at;
        lineNow = firstLine + stop - 1;
        for (let k = at; k < stop; k++) noteUsedDay(r.day[k] as number);
      }
      if (stop < j && !applyRow(b, r, stop, firstLine + stop))
        handle(text(b, r.lineFrom[stop] as number, r.lineTo[stop] as number), firstLine + stop);
      progress.tick(rows);
      at = stop + 1;
    }
    lineNo += j - i;
    return j;
  };

  /** Reads the lines of a parsed block in order: plain rows are added, others go through `handle`. */
  const applyBlock = (block: ParsedBlock) => {
    const b = block.bytes;
    let r = block.lines;
    for (let i = 0; i < r.count; ) {
      const kind = r.kind[i];
      if (kind === FAST_ROW && !pending) {
        const next = applyPlainRun(b, r, i);
        if (next > i) {
          i = next;
          continue;
        }
        lineNo++;
        if (applyRow(b, r, i, lineNo)) {
          progress.tick(rows);
          i++;
          continue;
        }
      } else {
        lineNo++;
        if (kind === NOT_UTF8) throw notUtf8(lineNo);
      }
      const fastBefore = fastReady();
      handle(text(b, r.lineFrom[i] as number, r.lineTo[i] as number), lineNo);
      i++;
      if (!fastBefore && fastReady() && i < r.count) {
        // The header (with a currency column: the first row giving the currency) was just read: the rest of the
        // block is parsed again, now with the fast path's plan.
        r = parseLines(b, r.lineFrom[i] as number, block.to, fastPlan(), block.endOfInput);
        i = 0;
      }
    }
  };

  /**
   * Splits the byte stream into blocks of whole lines (LF or CRLF, a UTF-8 byte-order mark dropped) and reads
   * them in order. With --threads above 1, once the header is read, the blocks of a file of `THREADED_AFTER`
   * bytes or more (of any input past that many bytes) are parsed on a worker thread (`lineParser`) while this
   * thread applies the ones before; the rows read are the same. A file known to be that large starts its worker
   * at once, so that the worker has loaded by the time the header is read.
   */
  const readBytes = async (source: AsyncIterable<Buffer>) => {
    let parser: LineParser = lineParser(false);
    const large = file !== '-' && statSync(file).size >= THREADED_AFTER;
    let ready =
      settings.threads > 1 && large && !settings.exports.active && byteDelimiter !== undefined
        ? lineParser(true)
        : undefined;
    let carry: Uint8Array | undefined;
    let first = true;
    let bytesRead = 0;
    const applyNext = async () => applyBlock(await parser.next());
    try {
      for await (const piece of source) {
        bytesRead += piece.length;
        const plain = fastPlan();
        if (
          !parser.threaded &&
          settings.threads > 1 &&
          (ready !== undefined || bytesRead >= THREADED_AFTER) &&
          plain !== undefined
        ) {
          while (parser.queued > 0) await applyNext();
          parser = ready ?? lineParser(true);
          ready = undefined;
        }
        const length = (carry?.length ?? 0) + piece.length;
        const b = parser.threaded ? Buffer.from(new SharedArrayBuffer(length)) : Buffer.allocUnsafe(length);
        if (carry) b.set(carry, 0);
        b.set(piece, carry?.length ?? 0);
        let start = 0;
        if (first && b.length >= 3) {
          if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) start = 3;
          first = false;
        }
        const end = b.lastIndexOf(10) + 1;
        if (end > start) parser.submit(b, start, end, fastPlan(), false);
        carry = end < b.length ? b.subarray(Math.max(start, end)) : undefined;
        while (parser.queued > (parser.threaded ? QUEUED_BLOCKS : 0)) await applyNext();
      }
      while (parser.queued > 0) await applyNext();
      if (carry && carry.length > 0) {
        const last = Buffer.from(carry.buffer, carry.byteOffset, carry.length);
        let from = 0;
        if (first && last.length >= 3 && last[0] === 0xef && last[1] === 0xbb && last[2] === 0xbf) from = 3;
        parser.submit(last, from, last.length, fastPlan(), true);
        await applyNext();
      }
    } finally {
      parser.close();
      ready?.close();
    }
    return touched;
  };

  try {
    const source = utf8Bytes(openSource(file, io), encoding, file);
    if (byteDelimiter) await readBytes(source);
    else {
      for await (const batch of readLines(source)) {
        const { first, lines } = batch;
        for (let k = 0; k < lines.length; k++) {
          const line = lines[k] as string;
          if (line.includes('\uFFFD') && encoding === 'utf8') throw notUtf8(first + k);
          handle(line, first + k);
        }
      }
    }
    while (pending) abandonPending('quoted field is not closed before the end of the file');
    exportRows?.finish();
  } catch (e) {
    rejects?.abort();
    throw asInputError(e, file);
  }
  progress.done();
  if (!sawLine) {
    rejects?.abort();
    throw new CliInputError(`${where}: the file is empty`);
  }
  if (rows === 0) {
    rejects?.abort();
    throw new CliInputError(`${where}: no data rows after the header`);
  }
  // Every row is read: only the ids of the keys are needed from here on. A large table's memory (512 MB for 10
  // million ids) is given back at once, before the summary's figures take theirs (`collectGarbage`).
  ids.release();
  // So are the rows' (16 bytes each at most), once summed: the first id `finish` asks for is the sign.
  let summed = false;
  const result = summarizer.finish({
    customerIds: (key) => {
      if (!summed) collectGarbage((rows - rejected) * BYTES_PER_ROW);
      summed = true;
      return idsAsKeys ? key : ids.labelOf(key);
    },
  });
  // A row of the core is one line, or an order of several (each of its lines rejected).
  const outliers = outlierRows(result, plan as ColumnPlan, (index) =>
    refundRows.has(index) ? [] : (orderLines.get(index) ?? [lineOfIndex(index)]),
  );
  for (const o of outliers.rows) rejectLine(o.line, o.text, o.reason, OUTLIER_REASON);
  rejects?.commit();
  if (rejected === rows)
    throw new CliInputError(
      `${where}: every row was rejected (${rows.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')})${rejectsPath ? `; see --rejects ${rejectsPath}` : ''}`,
      // What the export flags left out (--only: by value, so that 'paid' against 'Paid' shows), then the account.
      `${exportRows?.note() ?? ''}${account()}`,
    );
  if (settings.maxRejectShare !== undefined && rejected - leftOut > settings.maxRejectShare * rows)
    throw new CliInputError(
      `${where}: ${rejected.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} rows rejected, more than --max-rejects ${str(values['max-rejects'])}`,
      account(),
    );
  const kept = result.outlierDates;
  const dayOf = compileDateFormat('iso') as (text: string) => number;
  checkCalibrationEnd(
    settings.summarizer,
    kept ? dayOf(kept.from) : firstDay,
    kept ? dayOf(kept.to) : lastUsedDay,
    account(),
  );
  io.stderr(
    `${spillLine(store, settings.spill.memoryBudget)}${similarIdsWarning(ids.plain ? [] : similarIds(ids.labels()))}${outliers.note}${exportRows?.note() ?? ''}${account()}${returnsLine(result)}`,
  );
  return {
    ...(idsAsKeys
      ? { labelOf: (key: string | number) => (typeof key === 'number' ? ids.labelOf(key) : key) }
      : {}),
    result,
    rowsRead: rows,
    rowsUsed: rows - rejected,
    rowsRejected: rejected,
    rejectedBy,
    value: settings.exports.value,
    ...(exportRows?.currency() === undefined ? {} : { currency: exportRows.currency() }),
  };
}

/**
 * The rows the core dropped as isolated outlier dates (`plausibleDays`), as the CLI reports them: each
 * reason names the date column and the flags that keep them, and `note` says on stderr what was decided.
 * The core keeps no line text, so a row's `--rejects` text is its date.
 */
function outlierRows(
  result: SummaryResult,
  plan: ColumnPlan,
  linesOf: (index: number) => readonly number[],
): { rows: { line: number; text: string; reason: string }[]; note: string } {
  const o = result.outlierDates;
  if (o === undefined) return { rows: [], note: '' };
  const rows = o.rows.flatMap((r) => {
    const date = String(r.issue.received).replace(/^"|"$/g, '');
    const reason = outlierDateReason(plan.names.date, o, date, OUTLIER_FLAGS);
    return linesOf(r.index).map((line) => ({ line, text: date, reason }));
  });
  return { rows, note: outlierNote(rows.length, o) };
}

/** The flags that keep an outlier date, for `outlierDateReason`. */
export const OUTLIER_FLAGS = { observationEnd: '--observation-end', keep: '--keep-outlier-dates' } as const;

/**
 * The stderr line saying that `n` rows were rejected as isolated outlier dates outside `kept` (printed before the
 * account when the run goes on).
 *
 * @example outlierNote(1, { from: '1997-01-01', to: '1998-06-30', gapDays: 774 }) // 'outlier dates: 1 row outside 1997-01-01 … 1998-06-30, more than 774 days …'
 */
export function outlierNote(n: number, kept: KeptDateRange): string {
  return `outlier dates: ${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'} outside ${kept.from} … ${kept.to}, more than ${kept.gapDays.toLocaleString('en-US')} days from the rest of the log, rejected (--observation-end or --keep-outlier-dates keeps them)\n`;
}

/** With --returns net: what was netted, and what found no purchase to net against. */
function returnsLine(result: SummaryResult): string {
  const r = result.returns;
  if (r?.mode !== 'net') return '';
  const without =
    r.customersWithoutPurchase > 0
      ? `; customers with every purchase returned (left out): ${r.customersWithoutPurchase.toLocaleString('en-US')}`
      : '';
  return `returns: ${r.rows.toLocaleString('en-US')} row${r.rows === 1 ? '' : 's'} netted, value ${r.value.toString()}, unmatched ${r.unmatchedValue.toString()}${without}\n`;
}

/** A --calibration-end outside the orders' dates leaves no calibration or no holdout period: an error. */
function checkCalibrationEnd(options: SummarizeOptions, first: number, last: number, account: string): void {
  const calibrationEnd = options.calibrationEnd;
  if (calibrationEnd === undefined) return;
  const day = compileDateFormat('iso')?.(String(calibrationEnd));
  if (day === undefined) return; // the summarizer's own check names it
  const end =
    options.observationEnd === undefined
      ? last
      : (compileDateFormat('iso')?.(String(options.observationEnd)) ?? last);
  if (day < first || day >= end)
    throw new CliInputError(
      `--calibration-end ${String(calibrationEnd)} is outside the orders' dates (${formatDay(first)} … ${formatDay(end)}): it must be on or after the first order and before ${options.observationEnd === undefined ? 'the last order' : '--observation-end'}, so that both the calibration and the holdout period hold orders`,
      account,
    );
}
