/**
 * The packed package in the projects users have: the tarball is installed once into a throwaway project, and
 * each consumer setup (a folder with its own package.json and tsconfig.json under it) type-checks a program
 * with `skipLibCheck: false` (so clvkit's .d.ts files are checked too) and runs what tsc emitted.
 *
 * Each program holds a correct use (money results are `Decimal`: `new Decimal(1)`, `clv.plus(…)`, and two
 * `@ts-expect-error` wrong uses that fire only when the types are right, not `any`) and, in a second file, one
 * wrong use whose error is asserted: `r.clv.thisMethodDoesNotExist()` must not compile.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmPack, ROOT } from './packed.js';

const run = promisify(execFile);
const TSC = resolve(ROOT, 'node_modules/typescript/bin/tsc');

const INPUT = `{ averagePurchaseValue: 1000, purchaseFrequency: 1, churnRate: 0.2, grossMargin: 0.8,
  serviceCostPerPeriod: 100, acquisitionCost: 500 }`;

/** A correct program: compiles without errors and prints its figures. */
const GOOD = `import { Decimal, customerLifetimeValue } from 'clvkit';
import type { EngineSummaryResult } from 'clvkit/node';

/** clvkit/node's declarations are checked too. */
export type Engine = EngineSummaryResult;

const r = customerLifetimeValue(${INPUT});
const clv: Decimal = r.clv;
const total: Decimal = clv.plus(new Decimal(1));
if (Math.random() < 0) {
  // @ts-expect-error a Decimal has no such method (fires only when the type is Decimal, not any)
  r.clv.thisMethodDoesNotExist();
  // @ts-expect-error a Decimal is not a number
  const n: number = r.clv;
  console.log(n);
}
console.log(JSON.stringify({ clv: clv.toString(), total: total.toFixed(2), isDecimal: Decimal.isDecimal(clv) }));
`;

/** A wrong use: must not compile. */
const BAD = `import { customerLifetimeValue } from 'clvkit';

customerLifetimeValue(${INPUT}).clv.thisMethodDoesNotExist();
`;

interface Consumer {
  name: string;
  type: 'module' | 'commonjs';
  compilerOptions: Record<string, string>;
  /** Source extension: .ts (format from package.json type) or .cts (always CommonJS). */
  ext: '.ts' | '.cts';
}

const CONSUMERS: Consumer[] = [
  {
    name: 'node16 ESM',
    type: 'module',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    ext: '.ts',
  },
  {
    name: 'nodenext ESM',
    type: 'module',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
    ext: '.ts',
  },
  {
    name: 'nodenext CommonJS',
    type: 'commonjs',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
    ext: '.ts',
  },
  {
    name: 'node16 .cts file',
    type: 'module',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    ext: '.cts',
  },
  {
    name: 'bundler',
    type: 'module',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
    ext: '.ts',
  },
];

let project: string;
/** Each consumer's tsc diagnostics and out folder, checked two at a time (two cores). */
const checked = new Map<string, { errors: string[]; out: string }>();
beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'clvkit-consumers-'));
  const { tarball } = npmPack(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
  // The dependencies (decimal.js, zod, …) come from npm's cache when it has them.
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball],
    {
      cwd: project,
      stdio: 'pipe',
    },
  );
  const queue = [...CONSUMERS];
  const worker = async () => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) checked.set(c.name, await typecheck(c));
  };
  await Promise.all([worker(), worker()]);
}, 300_000);
afterAll(() => {
  if (project !== undefined) rmSync(project, { recursive: true, force: true });
});

/** Writes one consumer's folder, runs tsc there; returns tsc's diagnostics (one a line) and the out folder. */
async function typecheck(c: Consumer): Promise<{ errors: string[]; out: string }> {
  const dir = join(project, c.name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: c.type }));
  writeFileSync(join(dir, `good${c.ext}`), GOOD);
  writeFileSync(join(dir, `bad${c.ext}`), BAD);
  const compilerOptions = {
    ...c.compilerOptions,
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    strict: true,
    skipLibCheck: false,
    outDir: 'out',
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: [`*${c.ext}`] }));
  // tsc exits 2 on the expected error in bad.ts and still emits good.js.
  const result = await run(process.execPath, [TSC, '-p', '.', '--pretty', 'false'], { cwd: dir }).catch(
    (e: { stdout: string }) => e,
  );
  return { errors: result.stdout.split('\n').filter((l) => l.trim() !== ''), out: join(dir, 'out') };
}

describe('the packed package in consumer projects (skipLibCheck: false)', () => {
  it.each(CONSUMERS)(
    '$name: money results are Decimal; a wrong use does not compile; the program runs',
    async (c) => {
      const result = checked.get(c.name);
      if (result === undefined) throw new Error(`${c.name} was not type-checked`);
      const { errors, out } = result;
      expect(errors).toEqual([
        expect.stringMatching(
          new RegExp(
            `^bad\\${c.ext}\\(\\d+,\\d+\\): error TS2339: Property 'thisMethodDoesNotExist' does not exist on type 'Decimal'\\.$`,
          ),
        ),
      ]);
      const js = join(out, c.ext === '.cts' ? 'good.cjs' : 'good.js');
      const { stdout } = await run(process.execPath, [js], { cwd: out });
      expect(JSON.parse(stdout)).toEqual({ clv: '3500', total: '3501.00', isDecimal: true });
    },
    60_000,
  );
});
