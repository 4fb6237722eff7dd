import { ClvError } from '../errors.js';

/**
 * Imports an optional peer dependency when first needed (dynamic import: nothing is loaded for users who
 * never run an engine), or throws a `ClvError` saying how to install it.
 *
 * @example const { DuckDBInstance } = await loadOptional<typeof import('@duckdb/node-api')>('@duckdb/node-api', 'the DuckDB engine');
 */
export async function loadOptional<T>(name: string, purpose: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ClvError(`${purpose} needs the optional package '${name}': npm install ${name}`);
    }
    throw error;
  }
}
