import { CORE_BUNDLE_BUDGET, describeParts, kb, measureBundle } from '../scripts/core-bundle.js';
import type { BenchSuite } from './types.js';

const root = new URL('..', import.meta.url).pathname;

/**
 * The size a consumer pays for one formula: `import { customerLifetimeValue } from 'clvkit'` bundled by
 * esbuild (ESM, minified, tree-shaken) against the built package (dist/index.js; run `npm run build` first),
 * gzipped. The notes list the largest contributors, so a regression names its cause. The same measurement
 * is a budget test: test/bundle/coreSize.test.ts.
 */
export const suite: BenchSuite = {
  name: 'Bundle size of one formula (issue #13)',
  async run() {
    const b = await measureBundle('./dist/index.js', root);
    return [
      {
        issue: 13,
        task: "`import { customerLifetimeValue } from 'clvkit'`, esbuild ESM minified, gzipped",
        target: `≤ ${CORE_BUNDLE_BUDGET / 1024} KB gzipped`,
        measured: kb(b.gzip),
        met: b.gzip <= CORE_BUNDLE_BUDGET,
        notes: `${kb(b.raw)} minified; minified bytes by part: ${describeParts(b)}`,
      },
    ];
  },
};
