/**
 * clvkit/node (built), called with the seeded fuzz corpus of ./corpus.ts: every runner, awaited, either resolves to
 * a value with no NaN or Infinity or fails with a `ClvError` subclass — the package's own class (one copy across
 * the entries) —, whether it throws at once or rejects. Its options are checked before any engine is opened, so
 * the corpus never reaches a server.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { functionsOf, materialize, nonFinite, PROBES, RUNS, SEED, value } from './corpus.js';

const built = async (file: string) =>
  (await import(pathToFileURL(join(__dirname, '../../dist', file)).href)) as Record<string, unknown>;
const { ClvError } = (await built('index.js')) as unknown as { ClvError: abstract new () => Error };
const node = await built('node.js');

/** One call, awaited: 'ok', or what went wrong. A class (TemporaryRunStore) is constructed. */
async function judgeAsync(name: string, args: unknown[]): Promise<string> {
  const fn = node[name] as (...a: unknown[]) => unknown;
  try {
    const made = /^[A-Z]/.test(name)
      ? new (fn as unknown as new (...a: unknown[]) => unknown)(...args)
      : fn(...args);
    const result = made instanceof Promise ? await made : made;
    const bad = nonFinite(result);
    return bad.length === 0 ? 'ok' : `non-finite: ${bad.slice(0, 3).join(', ')}`;
  } catch (e) {
    if (e instanceof ClvError) return 'ok';
    return `${(e as Error)?.name ?? typeof e}: ${String((e as Error)?.message ?? e).slice(0, 160)}`;
  }
}

const NAMES = functionsOf(node);

describe('fuzz: every public function of clvkit/node (built)', () => {
  it('enumerates the entry points (a new export joins the fuzz automatically)', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of NAMES) {
    it(`${name}: resolves to finite values or fails with a ClvError`, async () => {
      for (const args of PROBES)
        expect(await judgeAsync(name, args), `${name}(probe ${PROBES.indexOf(args)})`).toBe('ok');
      const arity = Math.max((node[name] as (...a: unknown[]) => unknown).length, 1);
      let failure: string | undefined;
      const details = await fc.check(
        fc.asyncProperty(fc.array(value, { minLength: 0, maxLength: arity + 1 }), async (args) => {
          const outcome = await judgeAsync(name, materialize(args) as unknown[]);
          if (outcome !== 'ok') failure = `${name}(${fc.stringify(args).slice(0, 300)}): ${outcome}`;
          return outcome === 'ok';
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect(details.failed, failure).toBe(false);
    });
  }
});
