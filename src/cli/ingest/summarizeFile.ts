import { createWriteStream, type WriteStream } from 'node:fs';
import { createSummarizer, type SummaryResult } from '../../index.js';
import { compileDateFormat } from '../../transactions/dateFormat.js';
import { CliInputError, type CliIo, CliUsageError } from '../command.js';
import { formatCsv } from '../output.js';
import { createProgress } from '../progress.js';
import { isBareBytes, isoDayOfBytes, locateByteFields, shortAmountOfBytes } from './byteFields.js';
import { type ColumnPlan, planColumns } from './columns.js';
import { type Delimiter, readDelimiter, splitFields } from './fields.js';
import { IdTable } from './idTable.js';
import { type NumberedLine, readLines } from './lines.js';
import { openSource } from './source.js';

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** What reading a log gives: the core's summary and the account of every line. */
export interface FileSummary {
  readonly result: SummaryResult;
  readonly rowsRead: number;
  readonly rowsUsed: number;
  readonly rowsRejected: number;
}

const REJECT_COLUMNS = ['line', 'reason', 'text'];
const REJECT_HEADER = 'line,reason,text\n';

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Reads a transaction CSV into the core's streaming summarizer (see `ingestOptions` for the flags): lines
 * are split and their date parsed here, everything else is the core's (`Summarizer.addDay`). A bad row stops
 * the run with its line number, column and reason (exit 2), or with `--on-bad-row skip` is counted, skipped
 * and written to `--rejects`. Ends with `read N rows: M used, K rejected` on stderr.
 */
export async function summarizeFile(file: string, values: Values, io: CliIo): Promise<FileSummary> {
  const delimiter = readDelimiter(str(values.delimiter));
  if (!delimiter) {
    throw new CliUsageError(
      `--delimiter: expected one character, 'tab' or 'whitespace', received '${String(values.delimiter)}'`,
    );
  }
  const dateFormat = str(values['date-format']) ?? 'iso';
  const readDay = compileDateFormat(dateFormat);
  if (!readDay) {
    throw new CliUsageError(
      `--date-format: expected 'iso' or a pattern of yyyy, MM and dd such as yyyyMMdd or dd/MM/yyyy, received '${dateFormat}'`,
    );
  }
  const onBadRow = str(values['on-bad-row']) ?? 'stop';
  if (onBadRow !== 'stop' && onBadRow !== 'skip') {
    throw new CliUsageError(`--on-bad-row: expected stop or skip, received '${onBadRow}'`);
  }
  const summarizer = createSummarizer({
    ...(str(values['time-unit']) ? { timeUnit: str(values['time-unit']) as never } : {}),
    ...(str(values.granularity) ? { granularity: str(values.granularity) as never } : {}),
    ...(str(values['observation-end']) ? { observationEnd: str(values['observation-end']) } : {}),
    ...(str(values['calibration-end']) ? { calibrationEnd: str(values['calibration-end']) } : {}),
    onBadRow: 'collect',
  });
  const header = values['no-header'] !== true;
  const flags = {
    customer: str(values['customer-col']),
    date: str(values['date-col']),
    amount: str(values['amount-col']),
  };
  const rejectsPath = str(values.rejects);
  const rejects: WriteStream | undefined = rejectsPath ? createWriteStream(rejectsPath) : undefined;
  if (rejects) rejects.write(REJECT_HEADER);
  const progress = createProgress(io, values.quiet === true);

  // Ids are interned (idTable.ts): the summarizer gets each customer's key and, at the end, their ids. An
  // empty id is passed as it is, for the summarizer to reject with its reason.
  const ids = new IdTable();
  const keyOf = (rawId: string): string | number => (rawId === '' ? rawId : ids.keyOfText(rawId));
  let plan: ColumnPlan | undefined;
  let rows = 0;
  let rejected = 0;
  let sawLine = false;
  let pending: NumberedLine | undefined;

  const rejectLine = (lineNo: number, text: string, reason: string) => {
    rejected++;
    if (onBadRow === 'stop') {
      progress.done();
      throw new CliInputError(`${file === '-' ? 'stdin' : file}, line ${lineNo}: ${reason}`, account());
    }
    rejects?.write(formatCsv([{ line: lineNo, reason, text }], REJECT_COLUMNS).slice(REJECT_HEADER.length));
  };
  const account = () =>
    `read ${rows.toLocaleString('en-US')} rows: ${(rows - rejected).toLocaleString('en-US')} used, ${rejected.toLocaleString('en-US')} rejected\n`;
  const finishAccount = () => {
    progress.done();
    io.stderr(account());
  };

  // Field bounds of the byte-level fast path (byteFields.ts), reused line after line.
  const bounds = new Int32Array(64);

  /** Reports the row the core's summarizer just rejected, naming the file's column. */
  const reportRejection = (
    lineNo: number,
    text: string,
    rawId: string,
    rawDate: string,
    amount: string | undefined,
  ) => {
    const p = plan as ColumnPlan;
    const issue = summarizer.lastRejection?.issue;
    const field = issue?.path.split('.').pop();
    const column =
      field === 'customerId' ? p.names.customer : field === 'amount' ? p.names.amount : p.names.date;
    const received = field === 'date' ? rawDate : field === 'amount' ? amount : rawId;
    // The core names its option; the user typed the flag.
    const expected = issue?.expected.replace('observationEnd', '--observation-end');
    rejectLine(lineNo, text, `column ${column}: expected ${expected}, received '${received}'`);
  };

  const handle = (lineText: string, lineNumber: number) => {
    let text = lineText;
    let lineNo = lineNumber;
    if (pending) {
      text = `${pending.text}\n${text}`;
      lineNo = pending.line;
      pending = undefined;
    }
    if (text.trim() === '') return;
    const fields = splitFields(text, delimiter as Delimiter);
    if (fields === undefined) {
      pending = { line: lineNo, text }; // an open quote: the field goes on in the next line
      return;
    }
    if (!plan) {
      sawLine = true;
      plan = planColumns(header ? fields : undefined, flags);
      if (header) return;
    }
    rows++;
    if (fields.length < plan.width) {
      rejectLine(
        lineNo,
        text,
        `expected at least ${plan.width} fields, found ${fields.length} (is --delimiter right?)`,
      );
      return;
    }
    const rawId = (fields[plan.customer] as string).trim();
    const rawDate = (fields[plan.date] as string).trim();
    const day = readDay(rawDate);
    if (day === undefined) {
      rejectLine(
        lineNo,
        text,
        `column ${plan.names.date}: expected a date${dateFormat === 'iso' ? ' (yyyy-MM-dd)' : ` like ${dateFormat}`}, received '${rawDate}'`,
      );
      return;
    }
    const id = keyOf(rawId);
    const amount = plan.amount >= 0 ? (fields[plan.amount] as string).trim() : undefined;
    if (!summarizer.addDay(id, day, amount)) reportRejection(lineNo, text, rawId, rawDate, amount);
    progress.tick(rows);
  };

  // The byte-level fast path (byteFields.ts, idTable.ts): with a one-character delimiter, lines are found and
  // read in the file's bytes; a line it cannot read plainly is decoded and goes through `handle`.
  const byteDelimiter = delimiter.kind === 'char' ? Buffer.from(delimiter.char, 'utf8') : undefined;
  const byteDay =
    dateFormat === 'iso'
      ? isoDayOfBytes
      : dateFormat === 'yyyyMMdd'
        ? (b: Uint8Array, from: number, to: number) =>
            to - from === 8 ? isoDayOfBytes(b, from, to) : undefined
        : undefined;
  const text = (b: Uint8Array, from: number, to: number) =>
    Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('utf8');

  /** Reads one data line from bytes; false sends it to the general path. */
  const byteRow = (b: Uint8Array, from: number, to: number, lineNo: number): boolean => {
    const p = plan as ColumnPlan;
    if (!locateByteFields(b, from, to, byteDelimiter as Uint8Array, p.width, bounds)) return false;
    const idFrom = bounds[2 * p.customer] as number;
    const idTo = bounds[2 * p.customer + 1] as number;
    const dateFrom = bounds[2 * p.date] as number;
    const dateTo = bounds[2 * p.date + 1] as number;
    if (!isBareBytes(b, idFrom, idTo) || !isBareBytes(b, dateFrom, dateTo)) return false;
    let amount: number | string | undefined;
    if (p.amount >= 0) {
      const af = bounds[2 * p.amount] as number;
      const at = bounds[2 * p.amount + 1] as number;
      if (!isBareBytes(b, af, at)) return false;
      amount = shortAmountOfBytes(b, af, at) ?? text(b, af, at);
    }
    const day = byteDay ? byteDay(b, dateFrom, dateTo) : readDay(text(b, dateFrom, dateTo));
    if (day === undefined) return false;
    const id = ids.keyOf(b, idFrom, idTo);
    rows++;
    if (!summarizer.addDay(id, day, amount)) {
      const amountText =
        p.amount >= 0
          ? text(b, bounds[2 * p.amount] as number, bounds[2 * p.amount + 1] as number)
          : undefined;
      reportRejection(
        lineNo,
        text(b, from, to),
        text(b, idFrom, idTo),
        text(b, dateFrom, dateTo),
        amountText,
      );
    }
    return true;
  };

  /** Splits the byte stream into lines (LF or CRLF, a UTF-8 byte-order mark dropped) and reads each. */
  const readBytes = async () => {
    let carry: Buffer | undefined;
    let lineNo = 0;
    let first = true;
    const line = (b: Buffer, from: number, to: number) => {
      lineNo++;
      if (plan && !pending && byteRow(b, from, to, lineNo)) {
        progress.tick(rows);
        return;
      }
      handle(b.toString('utf8', from, to), lineNo);
    };
    for await (const chunk of openSource(file, io)) {
      const piece = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const b = carry ? Buffer.concat([carry, piece]) : piece;
      let start = 0;
      if (first && b.length >= 3) {
        if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) start = 3;
        first = false;
      }
      for (let nl = b.indexOf(10, start); nl >= 0; nl = b.indexOf(10, start)) {
        line(b, start, nl > start && b[nl - 1] === 13 ? nl - 1 : nl);
        start = nl + 1;
      }
      carry = start < b.length ? b.subarray(start) : undefined;
    }
    if (carry && carry.length > 0) {
      let from = 0;
      if (first && carry.length >= 3 && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) from = 3;
      const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
      if (end > from) line(carry, from, end);
    }
  };

  try {
    if (byteDelimiter) await readBytes();
    else {
      for await (const batch of readLines(openSource(file, io))) {
        const { first, lines } = batch;
        for (let k = 0; k < lines.length; k++) handle(lines[k] as string, first + k);
      }
    }
    if (pending)
      rejectLine(pending.line, pending.text, 'a quoted field is not closed before the end of the file');
  } catch (e) {
    await closeStream(rejects);
    if ((e as { code?: string }).code === 'ENOENT')
      throw new CliInputError(`cannot read '${file}': no such file`);
    throw e;
  }
  await closeStream(rejects);
  if (!sawLine) throw new CliInputError(`${file === '-' ? 'stdin' : file}: the file is empty`);
  if (rows === 0) throw new CliInputError(`${file === '-' ? 'stdin' : file}: no data rows after the header`);
  const result = summarizer.finish({ customerIds: ids.labels });
  finishAccount();
  return { result, rowsRead: rows, rowsUsed: rows - rejected, rowsRejected: rejected };
}

function closeStream(s: WriteStream | undefined): Promise<void> {
  return new Promise((resolve) => (s ? s.end(resolve) : resolve()));
}
