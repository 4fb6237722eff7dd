/**
 * The `clvkit` command line. An adapter: it parses flags, reads and writes, and calls the core.
 * Exit codes: 0 success, 2 bad input or usage (a bad flag or row, a missing, unreadable or unwritable file),
 * 1 internal error. Data goes to stdout, messages to stderr.
 */
import { parseArgs } from 'node:util';
import { ClvFitError, ClvValidationError } from '../index.js';
import { CliInputError, type CliIo, CliUsageError, type Command, commandHelp } from './command.js';
import { commandList } from './commands/index.js';
import { fileErrorReason, isFileError } from './fileErrors.js';
import { abortOpenOutputs } from './outputFile.js';

declare const CLVKIT_VERSION: string;
/** The package version, inlined by the build (tsup `define`); 'dev' when run from source. */
export const version = typeof CLVKIT_VERSION === 'string' ? CLVKIT_VERSION : 'dev';

export const commands: readonly Command[] = commandList;

function mainHelp(): string {
  return [
    `clvkit ${version} — customer lifetime value from the command line`,
    '',
    'Usage: clvkit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    "Run 'clvkit <command> --help' for a command's options and examples. 'clvkit --version' prints the version.",
    '',
  ].join('\n');
}

/** Names CLI flags instead of library fields in validation messages (`--churn: expected …`). */
/** How many issues of one validation error are printed (the rest are counted). */
const MAX_PRINTED_ISSUES = 20;

function flagMessage(e: ClvValidationError, flags: Readonly<Record<string, string>>): string {
  const lines = e.issues.slice(0, MAX_PRINTED_ISSUES).map((i) => {
    const flag = flags[i.path];
    return flag ? `${flag}: expected ${i.expected}, received ${i.received}` : i.message;
  });
  const more = e.issueCount - Math.min(e.issues.length, MAX_PRINTED_ISSUES);
  if (more > 0) lines.push(`… and ${more.toLocaleString('en-US')} more`);
  return lines.join('\n');
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`clvkit: unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(', ')}.\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    await command.run(values as Record<string, string | boolean | undefined>, positionals, io);
    return 0;
  } catch (e) {
    if (e instanceof ClvValidationError) {
      io.stderr(`clvkit ${name}: ${flagMessage(e, command.fieldFlags ?? {})}\n`);
      return 2;
    }
    if (e instanceof ClvFitError) {
      io.stderr(
        `clvkit ${name}: ${e.message}\nThe data may be too few or too uniform for this model; try more customers, --penalizer 0.01, or another model.\n`,
      );
      return 2;
    }
    if (e instanceof CliInputError) {
      io.stderr(`clvkit ${name}: ${e.message}\n${e.trailer ?? ''}`);
      return 2;
    }
    if (e instanceof CliUsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`clvkit ${name}: ${(e as Error).message}\nRun 'clvkit ${name} --help' for usage.\n`);
      return 2;
    }
    if (isFileError(e)) {
      const path = (e as { path?: string }).path;
      io.stderr(`clvkit ${name}: ${path ? `'${path}': ` : ''}${fileErrorReason(e)}\n`);
      return 2;
    }
    io.stderr(`clvkit ${name}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  } finally {
    // An output not committed (an error on the way) leaves no temporary file and the old file as it was.
    abortOpenOutputs();
  }
}
