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
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

function render(outputs: SuiteOutput[]): string {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each suite runs in its own process, warm',
    '(median of several runs after warm-up), so "peak RSS" is that suite\'s whole process.',
    '',
    `Machine: ${machine()}.`,
    '',
  ];
  for (const o of outputs) {
    const context =
      o.ranOn === undefined
        ? ''
        : ` Run on ${o.ranOn}, load average ${o.loadBefore?.toFixed(2)} before and ${o.loadAfter?.toFixed(2)} after (${os.cpus().length} cores).`;
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

function readPrevious(): Map<string, SuiteOutput> {
  try {
    const data = JSON.parse(readFileSync(join(root, 'docs/benchmarks.json'), 'utf8')) as SuiteOutput[];
    return new Map(data.map((o) => [o.name, o]));
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
