/**
 * The bundle budget of issue #13: importing one formula from the built package costs ≤ 25 KB gzipped,
 * decimal.js and zod included (esbuild, ESM, minified). A failure names the parts, largest first, so the
 * message says what grew. Reads dist/ (built by `npm test`'s pretest when stale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_BUNDLE_BUDGET, describeParts, kb, measureBundle } from '../../scripts/core-bundle.js';

const root = join(__dirname, '../..');

describe('the core bundle (issue #13)', () => {
  it(`import { customerLifetimeValue } from 'clvkit' costs at most ${kb(CORE_BUNDLE_BUDGET)} gzipped`, async () => {
    const size = await measureBundle('./dist/index.js', root);
    const verdict =
      size.gzip <= CORE_BUNDLE_BUDGET
        ? 'within budget'
        : `over the budget of ${kb(CORE_BUNDLE_BUDGET)} gzipped by ${kb(size.gzip - CORE_BUNDLE_BUDGET)}: ` +
          `${kb(size.gzip)} gzipped, ${kb(size.raw)} minified; minified bytes by part: ${describeParts(size)}. ` +
          'A top-level constant that is not wrapped pure (scripts/pure-top-level.ts), an import of classic ' +
          "'zod' instead of 'zod/mini', or a new dependency of the formula path are the usual causes.";
    expect(verdict).toBe('within budget');
    // A bundle that small is still the real thing: decimal.js and the schema library are in it.
    expect(size.parts.map((p) => p.part).sort()).toEqual(['clvkit', 'decimal.js', 'zod', 'zod locales']);
  });

  it('one formula bundles neither the models nor the CLI: its clvkit part is a fraction of the whole core', async () => {
    const one = await measureBundle('./dist/index.js', root);
    const clvkitBytes = one.parts.find((p) => p.part === 'clvkit')?.bytes ?? 0;
    const core = readFileSync(join(root, 'dist/index.js'), 'utf8').length;
    // Without tree-shaking, the formula's clvkit part was the whole minified core (~63 KB of ~320 KB source).
    expect(clvkitBytes).toBeGreaterThan(0);
    expect(clvkitBytes).toBeLessThan(core / 20);
  });

  it('the core entry imports only decimal.js and zod/mini (no classic zod, no locales but English, no CLI dependency)', () => {
    const core = readFileSync(join(root, 'dist/index.js'), 'utf8');
    const imports = new Set([...core.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]));
    expect([...imports].sort()).toEqual(['decimal.js', 'zod/mini', 'zod/v4/locales']);
  });
});
