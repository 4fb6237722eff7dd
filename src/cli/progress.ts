import type { CliIo } from './command.js';

/** A progress line on stderr for long reads: only on a terminal, never with --quiet or in a pipe. */
export interface Progress {
  tick(rows: number): void;
  done(): void;
}

/** Creates a progress line that redraws at most every 250 ms with the rows read and the rate. */
export function createProgress(io: CliIo, quiet: boolean): Progress {
  if (quiet || io.stderrIsTty !== true) return { tick() {}, done() {} };
  const start = Date.now();
  let last = start;
  let shown = false;
  return {
    tick(rows) {
      if ((rows & 0xffff) !== 0) return;
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      shown = true;
      const rate = rows / Math.max((now - start) / 1000, 1e-3);
      io.stderr(
        `\r  reading… ${rows.toLocaleString('en-US')} rows (${Math.round(rate).toLocaleString('en-US')} rows/s)`,
      );
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}

/** A progress line for a model fit; `onEvaluation` goes to the fitter's options (undefined when nothing is shown). */
export interface FitProgress {
  readonly onEvaluation: ((evaluation: number, logLikelihood: number) => void) | undefined;
  done(): void;
}

/**
 * Shows, at most every 250 ms, how many times the fitter has evaluated the likelihood and its latest value:
 * only on a terminal, never with --quiet or in a pipe.
 */
export function createFitProgress(io: CliIo, quiet: boolean, label: string): FitProgress {
  if (quiet || io.stderrIsTty !== true) return { onEvaluation: undefined, done() {} };
  let last = Date.now();
  let shown = false;
  return {
    onEvaluation(evaluation, logLikelihood) {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      shown = true;
      io.stderr(
        `\r\x1b[2K  fitting ${label}… ${evaluation} evaluation${evaluation === 1 ? '' : 's'}, log-likelihood ${Math.round(logLikelihood).toLocaleString('en-US')}`,
      );
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
