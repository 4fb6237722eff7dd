/**
 * The package as users get it: `npm pack` of the built package (dist must be fresh: `pretest` builds it).
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(__dirname, '../..');

/** What `npm pack --json` reports of one tarball. */
export interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/** Packs the package into `destination` (or only lists it with `dryRun`) and returns npm's report. */
export function npmPack(destination: string, dryRun = false): PackInfo & { tarball: string } {
  const args = ['pack', '--json', '--pack-destination', destination, ...(dryRun ? ['--dry-run'] : [])];
  const out = execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out) as PackInfo[];
  if (info === undefined) throw new Error(`npm pack printed no report: ${out}`);
  return { ...info, tarball: join(destination, info.filename) };
}
