import { functions } from '../../src/sheets/index.js';

/** The message of what `f` throws (a sheet's error is no ClvError: the cell shows its text), or 'no error'. */
export function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

const F = functions as Record<string, (...args: unknown[]) => unknown>;

/** Calls the spreadsheet function `name` with cells as a sheet hands them over. */
export function call(name: string, ...args: unknown[]): unknown {
  return (F[name] as (...a: unknown[]) => unknown)(...args);
}
