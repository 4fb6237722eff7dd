/**
 * Writes docs/cli.md, the command-line reference, from the CLI's own help: `clvkit --help` lists the commands,
 * and each section is that command's `clvkit <command> --help` as the built CLI prints it. The page cannot drift
 * from the program: test/docs/cliDoc.test.ts runs this again and fails when the committed page differs.
 *
 *   npm run build && npx tsx scripts/cliDoc.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fence, ROOT, runCli } from './runCli.js';

/** The page this script writes. */
export const CLI_DOC = join(ROOT, 'docs/cli.md');

/** The commands `clvkit --help` lists, with their one-line descriptions, in its order. */
export function cliCommands(help: string = runCli(['--help']).stdout): { name: string; summary: string }[] {
  const start = help.indexOf('Commands:');
  if (start < 0) throw new Error("clvkit --help has no 'Commands:' section");
  const commands: { name: string; summary: string }[] = [];
  for (const line of help.slice(start).split('\n').slice(1)) {
    const m = /^ {2}(\w+) +(.+)$/.exec(line);
    if (m === null) {
      if (commands.length > 0) break;
      continue;
    }
    commands.push({ name: m[1] as string, summary: m[2] as string });
  }
  if (commands.length === 0) throw new Error("clvkit --help lists no commands under 'Commands:'");
  return commands;
}

/** The page, generated from `clvkit --help` and every `clvkit <command> --help`. */
export function renderCliDoc(): string {
  const help = runCli(['--help']).stdout;
  const commands = cliCommands(help);
  const parts = [
    `# Command-line reference

Every command of \`clvkit\`, with its options and examples, as \`clvkit <command> --help\` prints them:
\`scripts/cliDoc.ts\` writes this page from the built CLI, and \`test/docs/cliDoc.test.ts\` fails when the
page and the program disagree. A walkthrough on real data: [getting started](getting-started.md).

Conventions shared by every command (see the [README](../README.md#command-line)): results go to standard
output (a table on a terminal, CSV in a pipe; \`--format table|csv|json|ndjson\`), messages and the
\`read N rows: M used, K rejected\` account to standard error; exit code 0 is success, 2 bad input (the message
names the line, column and reason), 1 an internal error. Files: \`-\` is standard input, \`.gz\` is gunzipped,
outputs are written to a temporary file and renamed into place when complete. Saved fits:
[the fit file](fit-file.md); engines and warehouses: [SQL and warehouses](sql.md); intervals:
[prediction intervals](intervals.md); \`evaluate\`: [model evaluation](evaluation.md).

${commands.map((c) => `- [\`${c.name}\`](#clvkit-${c.name}): ${c.summary}`).join('\n')}

## clvkit --help`,
    fence('text', help),
    ...commands.flatMap((c) => [`## clvkit ${c.name}`, fence('text', runCli([c.name, '--help']).stdout)]),
  ];
  return `${parts.join('\n\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(CLI_DOC, renderCliDoc());
  console.log(`wrote ${CLI_DOC}`);
}
