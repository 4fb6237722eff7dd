import type { EngineRejectedRow } from '../node/index.js';
import { OUTLIER_KEEP_WORDS } from '../transactions/outlierDays.js';
import type { CliIo } from './command.js';
import { readLines } from './ingest/lines.js';
import { openSource } from './ingest/source.js';
import { OUTLIER_FLAGS, REJECT_HEADER, rejectLineCsv } from './ingest/summarizeFile.js';
import { type OutputFile, openOutput } from './outputFile.js';

/**
 * An engine's rejection message in the CLI's words: the library options it names (observationEnd, outlierDates
 * 'keep') become the flags (--observation-end, --keep-outlier-dates).
 *
 * @example inFlagWords("… (give observationEnd, or outlierDates 'keep', to read it)") // '… (give --observation-end, or --keep-outlier-dates, to read it)'
 */
export function inFlagWords(message: string): string {
  return message
    .replace(OUTLIER_KEEP_WORDS.observationEnd, OUTLIER_FLAGS.observationEnd)
    .replace(OUTLIER_KEEP_WORDS.keep, OUTLIER_FLAGS.keep);
}

/** The `--rejects` file of an engine run, fed page by page by the runner (`rejectedRows`). */
export interface EngineRejectsFile {
  /** Writes one page of rejected rows (the runner's `rejectedRows` option). */
  readonly write: (rows: readonly EngineRejectedRow[]) => Promise<void>;
  /** Renames the complete file over the target. */
  commit(): void;
  /** Removes the temporary file; the target is untouched. */
  abort(): void;
}

/**
 * The line texts of a file, asked for in increasing line numbers: read once, front to back, one batch of lines
 * in memory at a time.
 */
function lineReader(file: string, io: CliIo): ((line: number) => Promise<string>) & { close(): void } {
  const batches = readLines(openSource(file, io))[Symbol.asyncIterator]();
  let batch: { first: number; lines: string[] } = { first: 1, lines: [] };
  const read = async (line: number) => {
    while (line >= batch.first + batch.lines.length) {
      const next = await batches.next();
      if (next.done) return '';
      batch = next.value;
    }
    return batch.lines[line - batch.first] ?? '';
  };
  // Ends the file's stream when the rows asked for stop before its end.
  return Object.assign(read, { close: () => void batches.return?.(undefined) });
}

/**
 * Opens the `--rejects` file of an engine run, written by the in-process reader's writer (`line,reason,text`,
 * atomically, never onto one of `inputs`: see `openOutput`) so that it reads as the in-process reader's file: a
 * CSV `file`'s rejected rows with their line (the header is line 1; a quoted field is assumed not to span lines,
 * as for the first rejection) and the line's text, read back from the file; a table's (or a Parquet file's) rows
 * with no line and their fields as text (`customer id,date,amount`). The reason is the reader's, naming the flag (`--observation-end`). As in-process,
 * a run that stops at its first rejected rows (`maxRejects`, 0 without --on-bad-row skip or --max-rejects) has
 * the rows up to the one it stops at.
 *
 * @example const rejects = openEngineRejects('rejects.csv', 'orders.csv', ['orders.csv'], io, 0); // runner: { rejectedRows: rejects.write }
 */
export function openEngineRejects(
  path: string,
  file: string | undefined,
  inputs: readonly string[],
  io: CliIo,
  maxRejects: number,
): EngineRejectsFile {
  const out: OutputFile = openOutput(path, '--rejects', inputs);
  out.write(REJECT_HEADER);
  const lineText = file === undefined ? undefined : lineReader(file, io);
  let written = 0;
  return {
    write: async (rows) => {
      for (const r of rows) {
        if (written > maxRejects) return;
        written++;
        const reason = inFlagWords(r.message);
        const line = r.row === undefined || lineText === undefined ? undefined : r.row + 1;
        // An outlier date's text is its date, as in-process (that reader judges it once the lines are gone).
        const text =
          r.reason === 'outlier date'
            ? (r.date ?? '')
            : lineText !== undefined && line !== undefined
              ? await lineText(line)
              : [r.customerId, r.date, r.amount].map((f) => f ?? '').join(',');
        out.write(rejectLineCsv(line, reason, text));
      }
    },
    commit: () => {
      lineText?.close();
      out.commit();
    },
    abort: () => {
      lineText?.close();
      out.abort();
    },
  };
}
