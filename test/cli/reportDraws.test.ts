import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDNOW_SAMPLE, CDNOW_SAMPLE_READ } from './cdnow.js';
import { clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-report-draws-'));
const FLAGS = [...CDNOW_SAMPLE_READ, '--time-unit', 'week', '--quiet'];

/** The page's interval cards (revenue and equity ranges) and its method note. */
function intervalsOf(page: string) {
  const html = readFileSync(page, 'utf8');
  return {
    cards: /<section class="cards" data-intervals>[\s\S]*?<\/section>/.exec(html)?.[0],
    method: /([\d,]+) Monte-Carlo draws \(seed (\d+)\)/.exec(html)?.slice(1),
  };
}

describe('clvkit report --draws N --seed S: the intervals’ Monte-Carlo run', () => {
  it('draws as asked, the same page for the same seed, another for another seed', () => {
    const page = (name: string, ...extra: string[]) => {
      const out = join(dir, `${name}.html`);
      const r = clvkit(['report', CDNOW_SAMPLE, ...FLAGS, '-o', out, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return intervalsOf(out);
    };
    const a = page('a', '--draws', '40', '--seed', '3');
    const again = page('again', '--draws', '40', '--seed', '3');
    const other = page('other', '--draws', '40', '--seed', '4');
    const standard = page('standard');
    expect(a.method).toEqual(['40', '3']);
    expect(standard.method).toEqual(['200', '1']);
    expect(again.cards).toBe(a.cards);
    expect(other.cards).not.toBe(a.cards);
  });

  it('refuses fewer than 20 draws and a seed that is not a whole number, before any work', () => {
    const out = join(dir, 'refused.html');
    const few = clvkit(['report', CDNOW_SAMPLE, ...FLAGS, '-o', out, '--draws', '10']);
    expect(few.code).toBe(2);
    expect(few.stderr).toContain(
      "--draws: expected 20 or more (the 90 % intervals read the 5 % and 95 % quantiles of the draws), received '10'",
    );
    const seed = clvkit(['report', CDNOW_SAMPLE, ...FLAGS, '-o', out, '--seed', 'x']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain("--seed: expected a whole number of 1 or more, received 'x'");
  });
});
