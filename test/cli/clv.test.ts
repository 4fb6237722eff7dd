import { describe, expect, it } from 'vitest';
import { clvkit } from './run.js';

describe('clvkit clv', () => {
  it('prints the breakdown and the verdict (csv when piped)', () => {
    const r = clvkit([
      'clv',
      '--apv',
      '50',
      '--frequency',
      '4',
      '--churn',
      '0.25',
      '--margin',
      '0.6',
      '--cac',
      '80',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'figure,value',
        'revenue per period,200.00',
        'contribution per period,120.00',
        'expected lifespan (periods),4',
        'revenue over the relationship,800.00',
        'CLV,480.00',
        'acquisition cost,80.00',
        'net CLV,400.00',
        'CLV:CAC,6',
        'verdict,underinvesting',
        '',
      ].join('\n'),
    );
  });

  it('--format json keeps every figure as a string', () => {
    const r = clvkit(['clv', '--apv', '1000', '--frequency', '1', '--lifespan', '5', '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { figure: string; value: string }[];
    expect(rows.find((x) => x.figure === 'revenue over the relationship')?.value).toBe('5000.00');
    expect(rows.some((x) => x.figure === 'verdict')).toBe(false);
  });

  it('--format table aligns columns', () => {
    const r = clvkit(['clv', '--apv', '10', '--frequency', '1', '--lifespan', '2', '--format', 'table']);
    expect(r.stdout.split('\n')[0]).toBe('figure                         value');
    expect(r.stdout).toContain('CLV                            20.00');
  });

  it('--service-cost and --timing: costs come off each period, margin at its start or end', () => {
    const flags = ['clv', '--apv', '100', '--frequency', '2', '--lifespan', '3', '--margin', '0.5'];
    const more = ['--service-cost', '10', '--discount-rate', '0.1'];
    const row = (out: string, figure: string) => out.split('\n').find((l) => l.startsWith(`${figure},`));
    // Contribution 100 × 2 × 0.5 − 10 = 90 a period for 3 periods at 10%:
    const start = clvkit([...flags, ...more]).stdout; // 90 + 90/1.1 + 90/1.1² = 246.20
    const end = clvkit([...flags, ...more, '--timing', 'end']).stdout; // 90/1.1 + 90/1.1² + 90/1.1³ = 223.82
    expect(row(start, 'contribution per period')).toBe('contribution per period,90.00');
    expect(row(start, 'CLV')).toBe('CLV,246.20');
    expect(row(end, 'CLV')).toBe('CLV,223.82');
    expect(clvkit([...flags, '--timing', 'middle']).stderr).toContain('--timing');
  });

  it('bad values exit 2 with the flag named', () => {
    const r = clvkit(['clv', '--apv', '50', '--frequency', '4', '--churn', '1.25']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('clvkit clv: --churn: expected a number in (0, 1], received "1.25"\n');
  });

  it('contradictory inputs exit 2', () => {
    const r = clvkit(['clv', '--apv', '50', '--frequency', '4', '--churn', '0.2', '--lifespan', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--churn: expected no churnRate when lifespan is given');
  });

  it('unknown flags and formats exit 2 with a hint', () => {
    const r = clvkit(['clv', '--bogus', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--bogus'");
    expect(r.stderr).toContain("Run 'clvkit clv --help' for usage.");
    const f = clvkit(['clv', '--apv', '1', '--frequency', '1', '--lifespan', '1', '--format', 'xml']);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('--format: expected one of table, csv, json, ndjson, received xml');
  });
});

describe('clvkit', () => {
  it('--version prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect(clvkit(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
  it('--help lists the commands; a command --help shows examples', () => {
    expect(clvkit(['--help']).stdout).toContain('clv        formula customer lifetime value');
    const h = clvkit(['clv', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Examples:\n  clvkit clv --apv 50');
  });
  it('an unknown command exits 2', () => {
    expect(clvkit(['frobnicate'])).toMatchObject({ code: 2, stdout: '' });
  });
});
