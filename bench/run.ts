/**
 * `npm run bench [-- NAME…]`: runs every bench/*.bench.ts (or the named ones) in its own Node process,
 * collects their results and writes docs/benchmarks.md with the machine noted.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult, BenchSuite } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

async function runChild(file: string): Promise<void> {
  const mod = (await import(join(here, file))) as { suite: BenchSuite };
  const results = await mod.suite.run();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\n@@BENCH@@${JSON.stringify({ name: mod.suite.name, results, peakRssMb })}\n`);
}

interface SuiteOutput {
  name: string;
  results: BenchResult[];
  peakRssMb: number;
  /** When the suite ran (UTC day) and the 1-minute load average before and after it: on a 2-core machine a
   * load above ~1 before the run means other work shared the cores, and wall times are inflated. */
  ranOn?: string;
  loadBefore?: number;
  loadAfter?: number;
  /** The machine the suite ran on (`machine()`); the page's header names the one most suites ran on. */
  machine?: string;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** The machine most of `outputs` ran on (a suite that does not say ran on `fallback`). */
function usualMachine(outputs: SuiteOutput[], fallback: string): string {
  const count = new Map<string, number>();
  for (const o of outputs) count.set(o.machine ?? fallback, (count.get(o.machine ?? fallback) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
}

function render(outputs: SuiteOutput[]): string {
  const usual = usualMachine(outputs, machine());
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each suite runs in its own process, warm',
    '(median of several runs after warm-up), so "peak RSS" is that suite\'s whole process.',
    '',
    `Machine: ${usual} (a suite run on another says so).`,
    '',
  ];
  for (const o of outputs) {
    const context =
      o.ranOn === undefined
        ? ''
        : ` Run on ${o.ranOn}, load average ${o.loadBefore?.toFixed(2)} before and ${o.loadAfter?.toFixed(2)} after (${os.cpus().length} cores).${
            o.machine !== undefined && o.machine !== usual ? ` Machine: ${o.machine}.` : ''
          }`;
    lines.push(
      `## ${o.name}`,
      '',
      `Peak RSS of the suite's process: ${o.peakRssMb.toFixed(0)} MB.${context}`,
      '',
    );
    lines.push('| issue | task | target | measured | met | notes |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of o.results) {
      lines.push(
        `| #${r.issue} | ${r.task} | ${r.target} | ${r.measured} | ${r.met === null ? '—' : r.met ? 'yes' : '**no**'} | ${r.notes ?? ''} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--child');
  if (child >= 0) return runChild(process.argv[child + 1] as string);
  const wanted = process.argv.slice(2);
  const all = readdirSync(here).filter((f) => f.endsWith('.bench.ts'));
  // A name picks its own suite (`cli` is cli.bench.ts, not also clickhouse.bench.ts); a name that is no suite's
  // picks every suite it begins (`fit` runs the fit suites).
  const picked = (w: string) =>
    all.includes(`${w}.bench.ts`) ? [`${w}.bench.ts`] : all.filter((f) => f.startsWith(w));
  const files = (wanted.length === 0 ? all : [...new Set(wanted.flatMap(picked))]).sort();
  const outputs: SuiteOutput[] = [];
  for (const file of files) {
    process.stderr.write(`bench: ${file}\n`);
    const loadBefore = os.loadavg()[0] as number;
    const out = execFileSync(
      process.execPath,
      ['--max-old-space-size=4096', '--expose-gc', '--import', 'tsx', join(here, 'run.ts'), '--child', file],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 },
    );
    const line = out.split('\n').find((l) => l.startsWith('@@BENCH@@'));
    if (!line) throw new Error(`${file} printed no results`);
    const parsed = {
      ...(JSON.parse(line.slice('@@BENCH@@'.length)) as SuiteOutput),
      ranOn: new Date().toISOString().slice(0, 10),
      loadBefore,
      loadAfter: os.loadavg()[0] as number,
      machine: machine(),
    };
    for (const r of parsed.results) {
      process.stderr.write(
        `  ${r.met === null ? '    ' : r.met ? 'ok  ' : 'MISS'} ${r.task}: ${r.measured} (target ${r.target})\n`,
      );
    }
    outputs.push(parsed);
  }
  if (wanted.length > 0) {
    // A partial run refreshes only its own sections.
    const previous = readPrevious();
    for (const o of outputs) previous.set(o.name, o);
    writeFileSync(join(root, 'docs/benchmarks.md'), render([...previous.values()]));
  } else {
    writeFileSync(join(root, 'docs/benchmarks.md'), render(outputs));
  }
  writeFileSync(
    join(root, 'docs/benchmarks.json'),
    JSON.stringify(readPreviousMerged(outputs, wanted.length > 0), null, 2),
  );
}

/** The earlier suites; one that does not name its machine ran on the one the page's header names. */
function readPrevious(): Map<string, SuiteOutput> {
  try {
    const data = JSON.parse(readFileSync(join(root, 'docs/benchmarks.json'), 'utf8')) as SuiteOutput[];
    const page = readFileSync(join(root, 'docs/benchmarks.md'), 'utf8');
    const header = /^Machine: (.*?)(?: \(a suite run on another says so\))?\.$/m.exec(page)?.[1];
    return new Map(
      data.map((o) => [
        o.name,
        o.machine === undefined && header !== undefined ? { ...o, machine: header } : o,
      ]),
    );
  } catch {
    return new Map();
  }
}

function readPreviousMerged(outputs: SuiteOutput[], partial: boolean): SuiteOutput[] {
  if (!partial) return outputs;
  const previous = readPrevious();
  for (const o of outputs) previous.set(o.name, o);
  return [...previous.values()];
}

await main();
