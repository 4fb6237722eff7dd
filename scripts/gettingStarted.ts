/**
 * Writes docs/getting-started.md: a walkthrough of the command line on the CDNOW master log (summary → RFM →
 * fit → predict → evaluate → report). Every command on the page is run here with the built CLI on
 * ../shared/data/cdnow/CDNOW_master.txt and its output pasted as printed, so no figure on the page is typed
 * by hand; test/docs/gettingStarted.test.ts runs this again and fails when the committed page differs.
 *
 *   npm run build && npx tsx scripts/gettingStarted.ts
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fence, ROOT, runCli } from './runCli.js';

/** The CDNOW master log beside the repository (see ../shared/data/README.md). */
export const CDNOW_MASTER = join(ROOT, '../shared/data/cdnow/CDNOW_master.txt');
/** The page this script writes. */
export const GETTING_STARTED = join(ROOT, 'docs/getting-started.md');

/** The flags that read CDNOW_master.txt: blanks between fields, columns by header name, yyyyMMdd dates. */
export const CDNOW_MASTER_READ = [
  '--delimiter',
  'whitespace',
  '--customer-col',
  'customer_id',
  '--date-col',
  'date',
  '--amount-col',
  'dollar_value',
  '--date-format',
  'yyyyMMdd',
];
const FILE = 'CDNOW_master.txt';

/** One command of the walkthrough: its arguments, and how many lines of its output the page keeps. */
interface Step {
  readonly args: readonly string[];
  /** Keep the first N lines of standard output (shown as `| head -n N`). */
  readonly head?: number;
}

/** A part of the page: prose (markdown), or a command whose output follows it. */
type Part = string | Step;

const PARTS: readonly Part[] = [
  `# Getting started: CDNOW from the command line

This walkthrough takes one real order log from raw lines to a report with the \`clvkit\` command line:
[summary](#1-one-row-per-customer-summary) → [RFM segments](#2-rfm-segments-rfm) →
[fit a model](#3-fit-a-model-fit) → [predict purchases and CLV](#4-predict-and-clv-predict) →
[check the model on a holdout](#5-which-model-evaluate) → [report](#6-the-report-report).

Every output below is what the commands print: \`scripts/gettingStarted.ts\` runs them with the built CLI and
writes this page, and \`test/docs/gettingStarted.test.ts\` fails when the page and the program disagree.
Commands are written as \`clvkit …\`; from a clone, use \`node dist/cli.js …\` or \`npx clvkit …\` after
\`npm run build\` (see the [README](../README.md#install)). Every command's options: [the CLI reference](cli.md).

## The data

CDNOW is the order log of the buy-till-you-die literature (Fader, Hardie & Lee 2005, "Counting your customers
the easy way", *Marketing Science* 24(2)): every customer who made a first purchase at the online music store
CDNOW in the first quarter of 1997, followed to the end of June 1998. \`CDNOW_master.txt\` (redistributed with
the Python package lifetimes) has one line per purchase: customer id, date (\`yyyyMMdd\`), number of CDs and
dollar value, separated by blanks, with a header line:`,
  'HEAD',
  `clvkit reads it as it is. The flags say how: fields separated by runs of blanks (\`--delimiter whitespace\`),
the columns by their header names, and the date pattern. Every run reports on standard error how many rows it
read, used and rejected (nothing is dropped silently; see the [README](../README.md#command-line)).

## 1. One row per customer: summary

The per-customer summary is what every model reads: \`frequency\` (repeat purchases: purchase days after the
first), \`recency\` (time from the first to the last purchase) and \`T\` (time from the first purchase to the end
of observation, by default the last date in the log), here in weeks, plus spend and RFM figures. The
definitions and their sources are in [the formulas](formulas.md) and [the models](models.md).`,
  { args: ['summary', FILE, ...CDNOW_MASTER_READ, '--time-unit', 'week', '--format', 'table'], head: 8 },
  `Without \`--format table\` the output is CSV when piped (\`> summary.csv\`), one row per customer.

## 2. RFM segments: rfm

RFM scores each customer 1–5 on recency, frequency and monetary value (quintiles) and names the cells
(Champions, Loyal Customers, At Risk, …). \`--segments\` prints the segment table instead of one row per customer:
how many customers each segment holds and what share of revenue.`,
  { args: ['rfm', FILE, ...CDNOW_MASTER_READ, '--segments', '--format', 'table'] },
  `## 3. Fit a model: fit

BG/NBD (Fader, Hardie & Lee 2005) describes each customer's repeat purchases while "alive" and the chance of
dropping out after each purchase. \`fit bgnbd\` estimates its four parameters by maximum likelihood and prints
them with standard errors and 95% intervals; \`--save\` writes the fit as a [fit file](fit-file.md) that
\`predict\` reads back. Which model suits which data: [which model when](which-model.md).`,
  {
    args: [
      'fit',
      'bgnbd',
      FILE,
      ...CDNOW_MASTER_READ,
      '--time-unit',
      'week',
      '--save',
      'bgnbd.json',
      '--format',
      'table',
    ],
  },
  `The spend per purchase gets its own model, Gamma-Gamma (Fader, Hardie & Lee 2005, *JMR* 42(4)), fitted on the
customers with repeat purchases:`,
  {
    args: [
      'fit',
      'gammagamma',
      FILE,
      ...CDNOW_MASTER_READ,
      '--time-unit',
      'week',
      '--save',
      'spend.json',
      '--format',
      'table',
    ],
  },
  `## 4. Predict, and CLV: predict

\`predict\` combines the two fits per customer: the probability the customer is still alive (\`p_alive\`), the
expected purchases over the horizon (default 12 months), the expected spend per purchase, and \`clv\`: for each
month k of the horizon, the expected purchases in that month times the expected spend, discounted by
(1 + d)^k at \`--discount-rate\` d per month (default 1%), summed (Fader, Hardie & Lee 2005, *JMR*, made
discrete; \`predictCustomerLifetimeValue\` in the library). It is revenue; \`--margin 0.3\` makes it profit at a 30% margin. \`--top 10\` keeps the ten highest CLVs
(\`--sort palive|purchases\` orders by the others).`,
  {
    args: [
      'predict',
      FILE,
      ...CDNOW_MASTER_READ,
      '--time-unit',
      'week',
      '--fit',
      'bgnbd.json',
      '--spend-fit',
      'spend.json',
      '--top',
      '10',
      '--format',
      'table',
    ],
  },
  `## 5. Which model: evaluate

How good are such predictions? \`evaluate\` splits the log: the models are fitted on the purchases up to
\`--calibration-end\` (here 1997-09-30, the split of the papers) and their predictions for the customers of that
calibration period are compared with what those customers actually bought in the holdout that follows. The
models are ranked by one stated rule (per-customer mean absolute error of holdout purchases by default) and the
winner is refitted on all the data. The figures and their sources: [model evaluation](evaluation.md).`,
  {
    args: [
      'evaluate',
      FILE,
      ...CDNOW_MASTER_READ,
      '--time-unit',
      'week',
      '--calibration-end',
      '1997-09-30',
      '--format',
      'table',
    ],
  },
  `## 6. The report: report

\`report\` does the whole analysis at once and writes one self-contained HTML page: headline figures, revenue by
RFM segment, the Pareto curve, the CLV distribution, P(alive) over frequency × recency, the model's fit to the
repeat-purchase counts, holdout actual vs predicted (with \`--calibration-end\`), the cohort retention table and
the top customers. It needs no network to open; standard output stays empty.`,
  {
    args: [
      'report',
      FILE,
      ...CDNOW_MASTER_READ,
      '--time-unit',
      'week',
      '--calibration-end',
      '1997-09-30',
      '-o',
      'report.html',
    ],
  },
  `## Next

- The same steps as library calls: the [README's tour](../README.md#from-an-order-log-to-segments-and-predicted-clv)
  and \`examples/library-tour.ts\`.
- [Which model when](which-model.md), [the models](models.md) and [prediction intervals](intervals.md)
  (\`predict --interval 90\`).
- Logs in a database or a warehouse: [SQL and warehouses](sql.md). In a spreadsheet: [spreadsheets](spreadsheets.md).
- Every command and option: [the CLI reference](cli.md).`,
];

/** A command as a user types it, wrapped before a flag so that it stays readable. */
function commandLine(step: Step): string {
  const words = ['clvkit', ...step.args.map((a) => (/^[\w./:,=@%+-]+$/.test(a) ? a : `'${a}'`))];
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && w.startsWith('-') && line.length + w.length > 90) {
      lines.push(`${line} \\`);
      line = ' ';
    }
    line = line === '' ? w : `${line} ${w}`;
  }
  lines.push(step.head === undefined ? line : `${line} | head -n ${step.head}`);
  return lines.join('\n');
}

/** Runs one step in `dir` and renders the command, its standard output and its standard error. */
function renderStep(step: Step, dir: string): string {
  const { stdout, stderr } = runCli(step.args, dir);
  const out = step.head === undefined ? stdout : stdout.split('\n').slice(0, step.head).join('\n');
  const blocks = [fence('sh', commandLine(step))];
  if (out.trim() !== '') blocks.push(fence('text', out));
  if (stderr.trim() !== '')
    blocks.push(`${out.trim() === '' ? 'It prints on' : 'On'} standard error:\n\n${fence('text', stderr)}`);
  return blocks.join('\n\n');
}

/**
 * The page, generated: runs every command in a temporary directory holding a link to `masterLog` (so the
 * commands read `CDNOW_master.txt` and write `bgnbd.json`, `report.html` there, as shown) and returns the markdown.
 */
export function renderGettingStarted(masterLog: string = CDNOW_MASTER): string {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-getting-started-'));
  try {
    symlinkSync(masterLog, join(dir, FILE));
    const head = readFileSync(masterLog, 'utf8').split('\n').slice(0, 4).join('\n');
    const parts = PARTS.map((p) =>
      p === 'HEAD'
        ? `${fence('sh', `head -n 4 ${FILE}`)}\n\n${fence('text', head)}`
        : typeof p === 'string'
          ? p
          : renderStep(p, dir),
    );
    return `${parts.join('\n\n')}\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(GETTING_STARTED, renderGettingStarted());
  console.log(`wrote ${GETTING_STARTED}`);
}
