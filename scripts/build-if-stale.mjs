#!/usr/bin/env node
/**
 * Builds dist/ quietly, and only when it is stale: when any file of src/, scripts/, tsup.config.ts,
 * tsconfig.json or package.json is newer than the oldest file in dist/ (or dist/ is missing or empty).
 * The build's output goes to node_modules/.cache/clvkit-build.log and is printed only when the build fails.
 * Used by `npm test` (pretest) and `npm run demo`; `npm run build` always builds, with its log.
 *
 * Usage: node scripts/build-if-stale.mjs
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['src', 'scripts', 'tsup.config.ts', 'tsconfig.json', 'package.json'];

/** Modification times (ms) of every file under `path` (a file or a folder). */
function* mtimes(path) {
  if (!existsSync(path)) return;
  const s = statSync(path);
  if (!s.isDirectory()) {
    yield s.mtimeMs;
    return;
  }
  for (const entry of readdirSync(path)) yield* mtimes(join(path, entry));
}

let newestInput = 0;
for (const input of INPUTS) for (const t of mtimes(join(root, input))) newestInput = Math.max(newestInput, t);
let oldestOutput = Number.POSITIVE_INFINITY;
for (const t of mtimes(join(root, 'dist'))) oldestOutput = Math.min(oldestOutput, t);

if (oldestOutput !== Number.POSITIVE_INFINITY && oldestOutput >= newestInput) process.exit(0);

const logFile = join(root, 'node_modules', '.cache', 'clvkit-build.log');
mkdirSync(dirname(logFile), { recursive: true });
const log = openSync(logFile, 'w');
process.stderr.write(`clvkit: building dist/ (log: ${logFile})\n`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', 'build'], {
  cwd: root,
  stdio: ['ignore', log, log],
  shell: process.platform === 'win32',
});
closeSync(log);
if (build.status !== 0) {
  process.stderr.write(readFileSync(logFile, 'utf8'));
  process.stderr.write(`\nclvkit: the build failed (log above, also in ${logFile})\n`);
  process.exit(build.status ?? 1);
}
