/**
 * Every public function of the main entry (`clvkit`), called with the seeded fuzz corpus of ./corpus.ts: each call
 * either returns a value with no NaN or Infinity anywhere (Decimals included) or throws a `ClvError` subclass.
 */
import { describe, expect, it } from 'vitest';
import { functionsOf, fuzzEntry } from './corpus.js';

const entry = (await import('../../src/index.js')) as Record<string, unknown>;

/**
 * Exports that are not entry points of the contract: the re-exported decimal.js class (its own errors), the
 * error classes, and `LazyClvResult` (a result type that only `customerLifetimeValues` builds).
 */
const NOT_ENTRY_POINTS = new Set([
  'Decimal',
  'ClvEngineError',
  'ClvError',
  'ClvFitError',
  'ClvValidationError',
  'LazyClvResult',
]);

const ENTRY_POINTS = functionsOf(entry, NOT_ENTRY_POINTS);

describe('the main entry', () => {
  it('enumerates the entry points (a new export joins the fuzz automatically)', () => {
    expect(ENTRY_POINTS.length).toBeGreaterThan(80);
  });
});

fuzzEntry('the main entry', entry, ENTRY_POINTS);
