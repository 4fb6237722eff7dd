import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry is `name` next to the module at `here` (its `import.meta.url`): the
 * built `name.js` beside a built module, or — when that module runs from its TypeScript source (the tests) —
 * `name.ts` through tsx's loader.
 *
 * @example startWorker(new URL(import.meta.url), 'parseWorker')
 */
export function startWorker(here: URL, name: string, workerData?: unknown): Worker {
  if (extname(fileURLToPath(here)) !== '.ts')
    return new Worker(new URL(`./${name}.js`, here), { workerData });
  const source = JSON.stringify(new URL(`./${name}.ts`, here).href);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, workerData });
}
