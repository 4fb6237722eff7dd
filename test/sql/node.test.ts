import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors.js';
import { calibrationEndOf } from '../../src/node/engineResult.js';
import { loadOptional } from '../../src/node/loadOptional.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '../../dist');

describe('clvkit/node', () => {
  it('an optional driver that is not installed is a ClvError saying how to install it', async () => {
    await expect(loadOptional('clvkit-no-such-driver', 'The test engine')).rejects.toThrow(ClvError);
    await expect(loadOptional('clvkit-no-such-driver', 'The test engine')).rejects.toThrow(
      "The test engine needs the optional package 'clvkit-no-such-driver': npm install clvkit-no-such-driver",
    );
    const pg = await loadOptional<{ Client: unknown }>('pg', 'The PostgreSQL engine');
    expect(pg.Client ?? (pg as { default?: { Client: unknown } }).default?.Client).toBeTypeOf('function');
  });

  it('the built entry shares the core with clvkit: one ClvValidationError class', async () => {
    const node = (await import(
      pathToFileURL(join(DIST, 'node.js')).href
    )) as unknown as typeof import('../../src/node/index.js');
    const core = (await import('clvkit')) as unknown as typeof import('../../src/index.js');
    const error = await node.summarizeWithDuckDB({ table: 'a\u0000b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(core.ClvValidationError);
    expect(String(error)).toMatch(/table: expected a name without control characters/);
  });

  it('calibrationEndOf: the ISO day of a string or Date, undefined without one', () => {
    expect(calibrationEndOf({ calibrationEnd: '1997-09-30' })).toBe('1997-09-30');
    expect(calibrationEndOf({ calibrationEnd: new Date('1997-09-30T00:00:00Z') })).toBe('1997-09-30');
    expect(calibrationEndOf({})).toBeUndefined();
  });
});
