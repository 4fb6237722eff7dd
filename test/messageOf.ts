import { expect } from 'vitest';
import { ClvValidationError } from '../src/errors.js';

/** The message of the ClvValidationError `fn` throws. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a ClvValidationError');
}
