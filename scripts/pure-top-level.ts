/**
 * An esbuild plugin for the core entry (issue #13, "a small core"): marks the top-level constants of src/ as
 * pure, so a consumer's bundler drops the ones an import does not reach.
 *
 * dist/index.js is one file; every `const X = z.strictObject({ … })`, `new Set(…)`, `decimalRule(…)` at its
 * top level is a call a bundler must assume has side effects, so without this all of clvkit stays in any
 * bundle. The plugin rewrites the initializer of each top-level `const` that calls, constructs or spreads
 * into `/* @__PURE__ *\/ (() => (initializer))()`: the same value, computed at the same moment, but a call
 * bundlers (esbuild, Rollup, webpack/terser) may drop whole when its result is unused. It is sound because
 * the core is pure (no I/O, no globals): building a schema or a table has no effect but its value.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import ts from 'typescript';

/** Initializers that are pure as written: literals, names, functions (nothing to wrap). */
function needsWrap(node: ts.Expression): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return; // not run at load time
    if (
      ts.isCallExpression(n) ||
      ts.isNewExpression(n) ||
      ts.isSpreadElement(n) ||
      ts.isSpreadAssignment(n) ||
      ts.isTaggedTemplateExpression(n) ||
      ts.isPropertyAccessExpression(n) ||
      ts.isElementAccessExpression(n) ||
      ts.isTemplateExpression(n)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Returns `source` with the initializer of every top-level `const` that calls something wrapped as pure. */
export function markTopLevelPure(source: string, fileName: string): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits: { start: number; end: number }[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer;
      if (init && needsWrap(init)) edits.push({ start: init.getStart(file), end: init.getEnd() });
    }
  }
  let out = source;
  for (const { start, end } of edits.reverse()) {
    out = `${out.slice(0, start)}/* @__PURE__ */ (() => (${out.slice(start, end)}))()${out.slice(end)}`;
  }
  return out;
}

/** The plugin: applies `markTopLevelPure` to every .ts file under `srcDir`. */
export function pureTopLevel(srcDir: string): Plugin {
  const dir = srcDir.endsWith('/') ? srcDir : `${srcDir}/`;
  return {
    name: 'clvkit-pure-top-level',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(dir)) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: markTopLevelPure(source, args.path), loader: 'ts' };
      });
    },
  };
}
