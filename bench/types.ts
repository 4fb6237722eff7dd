/** One measured figure, as it appears in docs/benchmarks.md. */
export interface BenchResult {
  /** The issue whose target this checks. */
  readonly issue: number;
  /** What was measured, e.g. "BG/NBD fit, CDNOW (2,357 customers), warm". */
  readonly task: string;
  /** The target from the issue, e.g. "< 5 ms". */
  readonly target: string;
  /** The measured figure with its unit, e.g. "3.1 ms". */
  readonly measured: string;
  /** Whether the target is met; null for a figure reported without a target of its own. */
  readonly met: boolean | null;
  /** A peer figure or ratio and anything else worth saying. */
  readonly notes?: string;
}

/** A bench file (`bench/NAME.bench.ts`) exports `suite`. Each file runs in its own process (peak RSS is per file). */
export interface BenchSuite {
  readonly name: string;
  run(): Promise<BenchResult[]>;
}

/** The median of `values` (the upper of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** Median of `runs` timings of `fn` in milliseconds, after `warmup` untimed calls. */
export function timeMedian(fn: () => unknown, runs = 5, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** Formats milliseconds with a sensible unit. */
export function formatMs(ms: number): string {
  return ms < 1
    ? `${(ms * 1000).toFixed(0)} µs`
    : ms < 1000
      ? `${ms.toFixed(1)} ms`
      : `${(ms / 1000).toFixed(2)} s`;
}
