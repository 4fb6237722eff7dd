import { createWriteStream, type WriteStream } from 'node:fs';
import { compileDateFormat, createSummarizer, type SummaryResult } from '../../index.js';
import { CliInputError, type CliIo, CliUsageError } from '../command.js';
import { formatCsv } from '../output.js';
import { createProgress } from '../progress.js';
import { type ColumnPlan, planColumns } from './columns.js';
import { type Delimiter, readDelimiter, splitFields } from './fields.js';
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

/** A canonical integer id ('42', not '042') becomes a number: the summarizer finds those fastest. */
const CANONICAL_INTEGER = /^(0|[1-9]\d{0,14})$/;

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
export async function summarizeFile(
  file: string,
  values: Values,
  io: CliIo,
  /** Called with every row the summarizer accepted (e.g. to build cohorts). */
  onRow?: (customerId: string | number, day: number) => void,
): Promise<FileSummary> {
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

  let plan: ColumnPlan | undefined;
  let rows = 0;
  let rejected = 0;
  let sawLine = false;
  let pending: NumberedLine | undefined;

  const rejectLine = (line: NumberedLine, reason: string) => {
    rejected++;
    if (onBadRow === 'stop') {
      progress.done();
      throw new CliInputError(`${file === '-' ? 'stdin' : file}, line ${line.line}: ${reason}`, account());
    }
    rejects?.write(
      formatCsv([{ line: line.line, reason, text: line.text }], REJECT_COLUMNS).slice(REJECT_HEADER.length),
    );
  };
  const account = () =>
    `read ${rows.toLocaleString('en-US')} rows: ${(rows - rejected).toLocaleString('en-US')} used, ${rejected.toLocaleString('en-US')} rejected\n`;
  const finishAccount = () => {
    progress.done();
    io.stderr(account());
  };

  const handle = (line: NumberedLine) => {
    let text = line.text;
    if (pending) {
      text = `${pending.text}\n${text}`;
      line = { line: pending.line, text };
      pending = undefined;
    }
    if (text.trim() === '') return;
    const fields = splitFields(text, delimiter as Delimiter);
    if (fields === undefined) {
      pending = line; // an open quote: the field goes on in the next line
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
        line,
        `expected at least ${plan.width} fields, found ${fields.length} (is --delimiter right?)`,
      );
      return;
    }
    const rawId = (fields[plan.customer] as string).trim();
    const rawDate = (fields[plan.date] as string).trim();
    const day = readDay(rawDate);
    if (day === undefined) {
      rejectLine(
        line,
        `column ${plan.names.date}: expected a date${dateFormat === 'iso' ? ' (yyyy-MM-dd)' : ` like ${dateFormat}`}, received '${rawDate}'`,
      );
      return;
    }
    const id = CANONICAL_INTEGER.test(rawId) ? Number(rawId) : rawId;
    const amount = plan.amount >= 0 ? (fields[plan.amount] as string).trim() : undefined;
    if (summarizer.addDay(id, day, amount)) onRow?.(id, day);
    else {
      const issue = summarizer.lastRejection?.issue;
      const field = issue?.path.split('.').pop();
      const column =
        field === 'customerId'
          ? plan.names.customer
          : field === 'amount'
            ? plan.names.amount
            : plan.names.date;
      rejectLine(
        line,
        `column ${column}: expected ${issue?.expected}, received '${field === 'date' ? rawDate : field === 'amount' ? amount : rawId}'`,
      );
    }
    progress.tick(rows);
  };

  try {
    for await (const batch of readLines(openSource(file, io))) for (const line of batch) handle(line);
    if (pending) rejectLine(pending, 'a quoted field is not closed before the end of the file');
  } catch (e) {
    await closeStream(rejects);
    if ((e as { code?: string }).code === 'ENOENT')
      throw new CliInputError(`cannot read '${file}': no such file`);
    throw e;
  }
  await closeStream(rejects);
  if (!sawLine) throw new CliInputError(`${file === '-' ? 'stdin' : file}: the file is empty`);
  if (rows === 0) throw new CliInputError(`${file === '-' ? 'stdin' : file}: no data rows after the header`);
  const result = summarizer.finish();
  finishAccount();
  return { result, rowsRead: rows, rowsUsed: rows - rejected, rowsRejected: rejected };
}

function closeStream(s: WriteStream | undefined): Promise<void> {
  return new Promise((resolve) => (s ? s.end(resolve) : resolve()));
}
