import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BenchSuite } from './types.js';

const root = new URL('..', import.meta.url).pathname;

/**
 * The size a consumer pays for one formula: `import { customerLifetimeValue } from 'clvkit'` bundled by
 * esbuild (ESM, minified, tree-shaken) against the built package (dist/index.js; run `npm run build` first),
 * gzipped. `packages` lists the largest contributors, so a regression names its cause.
 */
async function bundleOf(entry: string) {
  const result = await build({
    stdin: { contents: `export { customerLifetimeValue } from ${JSON.stringify(entry)};`, resolveDir: root },
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
    const part = path.includes('zod/v4/locales/')
      ? 'zod locales'
      : path.includes('node_modules/')
        ? (path.split('node_modules/')[1]?.split('/')[0] ?? path)
        : 'clvkit';
    byPart.set(part, (byPart.get(part) ?? 0) + bytesInOutput);
  }
  return { raw: code.length, gzip: gzipSync(code).length, byPart };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export const suite: BenchSuite = {
  name: 'Bundle size of one formula (issue #13)',
  async run() {
    const b = await bundleOf('./dist/index.js');
    const parts = [...b.byPart].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${kb(v)}`);
    return [
      {
        issue: 13,
        task: "`import { customerLifetimeValue } from 'clvkit'`, esbuild ESM minified, gzipped",
        target: '≤ 25 KB gzipped',
        measured: kb(b.gzip),
        met: b.gzip <= 25 * 1024,
        notes: `${kb(b.raw)} minified; minified bytes by part: ${parts.join(', ')}`,
      },
    ];
  },
};
