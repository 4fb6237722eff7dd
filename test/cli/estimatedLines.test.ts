import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimatedLines } from '../../src/cli/ingest/source.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-estimated-lines-'));

describe('estimatedLines', () => {
  it("estimates a large file's lines from its size and its first 256 KB, 2 % over", () => {
    // 40,000 lines of 24 to 31 bytes, the longer ones late in the file (so the first 256 KB read shorter lines).
    const lines = Array.from(
      { length: 40_000 },
      (_, i) => `C${String(i).padStart(7, '0')},2024-01-02,${i < 20_000 ? '1.5' : '1234.5678'}`,
    );
    const file = join(dir, 'orders.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    // The first 256 KB hold 10,922 whole lines of 24 bytes: 1,080,000 bytes / 262,144 × 10,922 × 1.02.
    expect(estimatedLines(file)).toBe(Math.ceil((1_080_000 / 262_144) * 10_922 * 1.02));
    expect(estimatedLines(file)).toBe(45_898);
    // Lines of one length: the size over that length, plus 2 %.
    const even = join(dir, 'even.csv');
    writeFileSync(even, 'x,2024-01-02,9.99\n'.repeat(50_000));
    // 14,563 whole lines of 18 bytes in the first 262,144 bytes (the partial one left out): 51,000 less a hair.
    expect(estimatedLines(even)).toBe(Math.ceil((900_000 / 262_144) * 14_563 * 1.02));
    expect(estimatedLines(even)).toBe(50_999);
  });

  it('gives no estimate for standard input, a gzip file, a small file, one line of 256 KB, a missing file or a pipe', () => {
    const small = join(dir, 'small.csv');
    writeFileSync(small, 'a,2024-01-02,1\n'.repeat(100));
    const long = join(dir, 'long.csv');
    writeFileSync(long, `${'x'.repeat(300_000)}\n`);
    expect(estimatedLines('-')).toBeUndefined();
    expect(estimatedLines(join(dir, 'orders.csv.gz'))).toBeUndefined();
    expect(estimatedLines(small)).toBeUndefined();
    expect(estimatedLines(long)).toBeUndefined();
    // A path it cannot open is no estimate (the read itself names the problem), never an error here.
    expect(estimatedLines(join(dir, 'missing', 'orders.csv'))).toBeUndefined();
    // A named pipe with no writer yet: not opened (opening it would wait for a writer, and a second open of the
    // pipe could cost the writer its data), so this returns at once.
    const pipe = join(dir, 'orders.fifo');
    execFileSync('mkfifo', [pipe]);
    expect(estimatedLines(pipe)).toBeUndefined();
  });
});
