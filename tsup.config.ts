import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The pure core: ESM + CJS + declarations.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
  },
]);
