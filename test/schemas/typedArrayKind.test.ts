import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { typedArrayKind } from '../../src/schemas/typedArrayKind.js';

describe('typedArrayKind', () => {
  it('names a typed array of this realm or another, and nothing else', () => {
    const other = runInNewContext('({ days: Int32Array.of(1), keys: Uint32Array.of(2) })') as {
      days: unknown;
      keys: unknown;
    };
    expect([Int32Array.of(1), Float64Array.of(1), other.days, other.keys].map(typedArrayKind)).toEqual([
      'Int32Array',
      'Float64Array',
      'Int32Array',
      'Uint32Array',
    ]);
    const notOnes = [[1], new DataView(new ArrayBuffer(4)), new Proxy(Int32Array.of(1), {}), null, '1', {}];
    expect(notOnes.map(typedArrayKind)).toEqual(notOnes.map(() => undefined));
  });
});
