import type { ParseArgsConfig } from 'node:util';
import { OUTPUT_FORMATS, type OutputFormat } from './output.js';

/** Where a command writes: data to stdout, messages to stderr. */
export interface CliIo {
  /** Data out: text, or bytes already encoded as UTF-8 (big CSV outputs). */
  readonly stdout: (data: string | Uint8Array) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (table output by default) or a pipe (csv by default). */
  readonly stdoutIsTty: boolean;
  /** Whether stderr is a terminal (progress bars only then). Defaults to false. */
  readonly stderrIsTty?: boolean;
  /** Standard input, read when the file argument is `-`. */
  readonly stdin?: NodeJS.ReadableStream;
}

/** A usage mistake: exit code 2 with the command's help hint. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** Bad input data (a bad row, an empty file): exit code 2 with the message alone. */
export class CliInputError extends Error {
  override name = 'CliInputError';
  /** A line printed after the message (e.g. the `read N rows: …` account). */
  readonly trailer: string | undefined;
  constructor(message: string, trailer?: string) {
    super(message);
    this.trailer = trailer;
  }
}

/** One CLI command: its flags, help text and what it runs. It calls the core; it holds no math. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Lines of `--flag VALUE  what it means`. */
  readonly optionHelp: readonly string[];
  readonly examples: readonly string[];
  /** Library field → flag, so the core's validation messages name the flag the user typed. */
  readonly fieldFlags?: Readonly<Record<string, string>>;
  run(
    values: Record<string, string | boolean | undefined>,
    positionals: readonly string[],
    io: CliIo,
  ): void | Promise<void>;
}

/** The `--format` option shared by commands that print rows. */
export const formatOption = { format: { type: 'string' } } as const;
export const formatHelp =
  '--format table|csv|json|ndjson   output format (default: table on a terminal, csv when piped)';

/** Resolves `--format`, defaulting to table on a terminal and csv in a pipe. */
export function outputFormat(value: string | boolean | undefined, io: CliIo): OutputFormat {
  if (value === undefined) return io.stdoutIsTty ? 'table' : 'csv';
  if (typeof value !== 'string' || !(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new CliUsageError(
      `--format: expected one of ${OUTPUT_FORMATS.join(', ')}, received ${String(value)}`,
    );
  }
  return value as OutputFormat;
}

/** Formats a command's help. */
export function commandHelp(c: Command): string {
  return [
    `clvkit ${c.name} — ${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    '',
    'Options:',
    ...c.optionHelp.map((l) => `  ${l}`),
    '  --help                           this help',
    '',
    'Examples:',
    ...c.examples.map((l) => `  ${l}`),
    '',
  ].join('\n');
}
