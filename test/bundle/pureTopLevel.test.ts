/**
 * scripts/pure-top-level.ts: the core's top-level constants are wrapped in pure calls (so bundlers may drop
 * the unused ones) without changing a single value.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { markTopLevelPure } from '../../scripts/pure-top-level.js';

const PURE = '/* @__PURE__ */ (() => (';

describe('markTopLevelPure', () => {
  it('wraps top-level constants that call, construct, spread or read a property; leaves the rest', () => {
    const source = [
      "import * as z from 'zod/mini';",
      'export const A = z.string();',
      'const B = new Set([1, 2]);',
      'const C = { ...A };',
      'const D = 3;',
      "const E = 'e';",
      'const F = (x: number) => Math.max(x, 0);',
      'let G = f();',
      'export function h() { const I = g(); return I; }',
    ].join('\n');
    const out = markTopLevelPure(source, 'x.ts').split('\n');
    expect(out[1]).toBe(`export const A = ${PURE}z.string()))();`);
    expect(out[2]).toBe(`const B = ${PURE}new Set([1, 2])))();`);
    expect(out[3]).toBe(`const C = ${PURE}{ ...A }))();`);
    expect(out.slice(4)).toEqual([
      'const D = 3;',
      "const E = 'e';",
      'const F = (x: number) => Math.max(x, 0);',
      'let G = f();', // not a constant: could be reassigned, left as written
      'export function h() { const I = g(); return I; }', // not top level
    ]);
  });

  it('keeps the values: the wrapped module computes what the original computes', async () => {
    const source = [
      'const base = [3, 1, 2].map((x) => x * 2);',
      'const sorted = [...base].sort((a, b) => a - b) satisfies number[];',
      'export const result = { sorted, total: sorted.reduce((a, b) => a + b, 0), set: new Set(base).size };',
    ].join('\n');
    const run = async (code: string) => {
      const js = await build({ stdin: { contents: code, loader: 'ts' }, write: false, format: 'esm' });
      const text = (js.outputFiles[0] as { text: string }).text;
      return (await import(`data:text/javascript,${encodeURIComponent(text)}`)) as { result: unknown };
    };
    const wrapped = markTopLevelPure(source, 'x.ts');
    expect(wrapped).toContain(PURE);
    expect((await run(wrapped)).result).toEqual((await run(source)).result);
    expect((await run(wrapped)).result).toEqual({ sorted: [2, 4, 6], total: 12, set: 3 });
  });

  it('lets a bundler drop an unused constant and keep a used one', async () => {
    const source = [
      'const unused = new Map([[1, 2]]).set(3, 4);',
      'export const used = [1, 2, 3].map((x) => x + 1);',
    ].join('\n');
    const js = await build({
      stdin: { contents: `import { used } from './m'; console.log(used);`, resolveDir: '/' },
      plugins: [
        {
          name: 'virtual',
          setup(b) {
            b.onResolve({ filter: /^\.\/m$/ }, () => ({ path: 'm', namespace: 'v' }));
            b.onLoad({ filter: /.*/, namespace: 'v' }, () => ({
              contents: markTopLevelPure(source, 'm.ts'),
              loader: 'ts',
            }));
          },
        },
      ],
      bundle: true,
      write: false,
      format: 'esm',
    });
    const text = (js.outputFiles[0] as { text: string }).text;
    expect(text).toContain('x + 1');
    expect(text).not.toContain('new Map');
  });
});
