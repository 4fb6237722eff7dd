import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { createFitProgress, createProgress } from '../../src/cli/progress.js';
import { fitBetaGeo, fitFromParams, simulateCustomers } from '../../src/index.js';

/** A stand-in for the process: what went to stderr, and whether stderr is a terminal. */
function fakeIo(stderrIsTty: boolean) {
  const err: string[] = [];
  const io: CliIo = { stdout: () => {}, stderr: (t) => err.push(t), stdoutIsTty: false, stderrIsTty };
  return { io, err };
}

describe('progress lines (stderr, terminal only)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('reading: rows and rate at most every 250 ms, cleared at the end', () => {
    const { io, err } = fakeIo(true);
    const p = createProgress(io, false);
    p.tick(65_536); // too soon after the start
    vi.advanceTimersByTime(500);
    p.tick(65_536 + 1); // not a multiple of 65,536: not even looked at
    p.tick(131_072);
    expect(err).toEqual(['\r  reading… 131,072 rows (262,144 rows/s)']);
    p.done();
    expect(err.at(-1)).toBe('\r\x1b[2K');
  });

  it('fitting: evaluations and log-likelihood, fed by the fitter', () => {
    const { io, err } = fakeIo(true);
    const p = createFitProgress(io, false, 'BG/NBD');
    expect(p.onEvaluation).toBeTypeOf('function');
    let calls = 0;
    // 1,000 customers simulated from CDNOW's BG/NBD parameters: a fit that is identified and converges (six
    // hand-written customers sent a and b towards infinity, an unidentified fit that rightly fails).
    const customers = simulateCustomers(
      fitFromParams({ model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }),
      { customers: 1000, T: 39, seed: 7 },
    );
    fitBetaGeo(
      { frequency: customers.frequency, recency: customers.recency, T: customers.T },
      {
        onEvaluation: (n, ll) => {
          calls++;
          vi.advanceTimersByTime(100); // each evaluation "takes" 100 ms
          p.onEvaluation?.(n, ll);
        },
      },
    );
    p.done();
    expect(calls).toBeGreaterThan(10);
    expect(err.length).toBeGreaterThan(2);
    const clear = '\r\x1b[2K';
    expect(err[0]?.startsWith(`${clear}  fitting BG/NBD… 3 evaluations, log-likelihood -`)).toBe(true);
    expect(err[0]?.slice(clear.length)).toMatch(
      /^ {2}fitting BG\/NBD… 3 evaluations, log-likelihood -[\d,]+$/,
    );
    expect(err.at(-1)).toBe('\r\x1b[2K');
  });

  it('nothing in a pipe or with --quiet', () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const { io, err } = fakeIo(tty);
      const read = createProgress(io, quiet);
      const fit = createFitProgress(io, quiet, 'BG/NBD');
      vi.advanceTimersByTime(1000);
      read.tick(65_536);
      read.done();
      fit.done();
      expect(fit.onEvaluation).toBeUndefined();
      expect(err).toEqual([]);
    }
  });
});
