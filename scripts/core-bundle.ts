/**
 * What a consumer pays for one formula (issue #13): `import { customerLifetimeValue } from 'clvkit'` bundled
 * by esbuild as an application would (ESM, minified, tree-shaken) against the built package, gzipped. One
 * measurement for the benchmark (bench/bundle.bench.ts) and the budget test (test/bundle/coreSize.test.ts).
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The budget of one formula's import, gzipped, decimal.js and zod included (issue #13). */
export const CORE_BUNDLE_BUDGET = 25 * 1024;

/** One contributor to a bundle: clvkit itself, a dependency, or zod's locale messages. */
export interface BundlePart {
  readonly part: string;
  readonly bytes: number;
}

/** A bundle's size: minified bytes, gzipped bytes, and the minified bytes of each part, largest first. */
export interface BundleSize {
  readonly raw: number;
  readonly gzip: number;
  readonly parts: readonly BundlePart[];
}

function partOf(path: string): string {
  if (path.includes('zod/v4/locales/')) return 'zod locales';
  if (path.includes('node_modules/')) {
    const rest = path.split('node_modules/')[1] ?? path;
    const [scope, name] = rest.split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? path);
  }
  return 'clvkit';
}

/**
 * Bundles `export { …names } from entry` (resolved from `root`) with esbuild, minified, and measures it.
 *
 * @example await measureBundle('./dist/index.js', process.cwd()) // { raw: 61825, gzip: 23425, parts: [...] }
 */
export async function measureBundle(
  entry: string,
  root: string,
  names: readonly string[] = ['customerLifetimeValue'],
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: `export { ${names.join(', ')} } from ${JSON.stringify(entry)};`, resolveDir: root },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = (result.outputFiles[0] as { contents: Uint8Array }).contents;
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  const byPart = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const part = partOf(path);
    byPart.set(part, (byPart.get(part) ?? 0) + bytesInOutput);
  }
  const parts = [...byPart]
    .map(([part, bytes]) => ({ part, bytes }))
    .filter((p) => p.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { raw: code.length, gzip: gzipSync(code).length, parts };
}

/** Bytes as KB with one decimal, e.g. `22.9 KB`. */
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** The parts of a bundle in words: `decimal.js 31.3 KB, clvkit 10.4 KB, zod 15.3 KB, …` (minified bytes). */
export function describeParts(size: BundleSize): string {
  return size.parts.map((p) => `${p.part} ${kb(p.bytes)}`).join(', ');
}
