import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './inProcess.js';
import { CLI } from './run.js';

const LOG = 'customer_id,date,amount\na,2024-01-01,10\na,2024-02-01,5\nb,2024-01-15,7\nc,2024-03-01,x\n';

/** A fresh directory holding orders.csv (and orders.csv.gz). */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-out-'));
  const input = join(dir, 'orders.csv');
  writeFileSync(input, LOG);
  writeFileSync(`${input}.gz`, gzipSync(LOG));
  return { dir, input };
}

/** The temporary files an output left behind (there must be none after a run). */
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('outputs never overwrite an input', () => {
  it('refuses --rejects, fit --save and report -o naming the input (plain, symlink, hard link, .gz), exit 2, input intact', async () => {
    const { dir, input } = setup();
    symlinkSync(input, join(dir, 'link.csv'));
    linkSync(input, join(dir, 'hard.csv'));
    const cases: [string[], string, string][] = [
      [['summary', input, '--on-bad-row', 'skip', '--rejects', input], '--rejects', input],
      [
        ['summary', input, '--on-bad-row', 'skip', '--rejects', join(dir, 'link.csv')],
        '--rejects',
        join(dir, 'link.csv'),
      ],
      [
        ['summary', input, '--on-bad-row', 'skip', '--rejects', join(dir, 'hard.csv')],
        '--rejects',
        join(dir, 'hard.csv'),
      ],
      [['summary', `${input}.gz`, '--rejects', `${input}.gz`], '--rejects', `${input}.gz`],
      [['fit', 'bgnbd', input, '--on-bad-row', 'skip', '--save', input], '--save', input],
      [['report', input, '--on-bad-row', 'skip', '-o', join(dir, 'link.csv')], '-o', join(dir, 'link.csv')],
    ];
    for (const [args, flag, output] of cases) {
      const r = await runInProcess(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${flag} '${output}' is the input file`);
      expect(r.stderr).not.toContain('    at ');
      expect(readFileSync(input, 'utf8')).toBe(LOG);
      expect(readFileSync(`${input}.gz`)).toEqual(gzipSync(LOG));
    }
    expect(leftovers(dir)).toEqual([]);
  });

  it('refuses two options writing one file', async () => {
    const { dir, input } = setup();
    const out = join(dir, 'same.out');
    const r = await runInProcess(['report', input, '--on-bad-row', 'skip', '--rejects', out, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--rejects '${out}': the same file as '${out}', written by another option`);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('outputs are written whole or not at all', () => {
  it('a usage error leaves an existing -o file as it was (simulate validates nothing before opening)', async () => {
    const { dir } = setup();
    const out = join(dir, 'old.csv');
    writeFileSync(out, 'previous content\n');
    for (const args of [
      ['simulate', '--customers', '10', '--p', '-1', '-o', out],
      ['simulate', '--customers', '0', '-o', out],
      ['simulate', '--start', '2024-13-01', '-o', out],
    ]) {
      const r = await runInProcess(args);
      expect(r.code, r.stderr).toBe(2);
      expect(readFileSync(out, 'utf8')).toBe('previous content\n');
    }
    expect(leftovers(dir)).toEqual([]);
  });

  it('a bad row stopping the run leaves the old --save and -o files, and no temporary file', async () => {
    const { dir, input } = setup();
    const save = join(dir, 'fit.json');
    const page = join(dir, 'page.html');
    writeFileSync(save, '{"old":true}\n');
    writeFileSync(page, '<p>old</p>\n');
    const fit = await runInProcess(['fit', 'bgnbd', input, '--save', save]);
    expect(fit.code).toBe(2);
    expect(fit.stderr).toContain("line 5: column amount: expected an amount of 0 or more, received 'x'");
    const report = await runInProcess(['report', input, '-o', page]);
    expect(report.code).toBe(2);
    expect(readFileSync(save, 'utf8')).toBe('{"old":true}\n');
    expect(readFileSync(page, 'utf8')).toBe('<p>old</p>\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('an unwritable output fails before any reading, naming the file (missing directory, a directory, read-only)', async () => {
    const { dir, input } = setup();
    const missing = join(dir, 'nope', 'r.csv');
    const a = await runInProcess(['summary', join(dir, 'absent.csv'), '--rejects', missing]);
    // The input is checked first, the output next; neither is a stack trace.
    expect(a).toMatchObject({
      code: 2,
      stderr: `clvkit summary: cannot read '${join(dir, 'absent.csv')}': no such file\n`,
    });
    const b = await runInProcess(['summary', input, '--on-bad-row', 'skip', '--rejects', missing]);
    expect(b).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `clvkit summary: cannot write --rejects '${missing}': no such directory\n`,
    });
    mkdirSync(join(dir, 'adir'));
    const c = await runInProcess(['simulate', '--customers', '5', '-o', join(dir, 'adir')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`-o '${join(dir, 'adir')}': is a directory`);
    if (process.getuid?.() !== 0) {
      const ro = join(dir, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      const d = await runInProcess(['simulate', '--customers', '5', '-o', join(ro, 'x.csv')]);
      expect(d).toMatchObject({
        code: 2,
        stderr: `clvkit simulate: cannot write -o '${join(ro, 'x.csv')}': permission denied\n`,
      });
    }
  });

  it('replaces the file on success, keeping its permissions, with no temporary file left', async () => {
    const { dir, input } = setup();
    const rejects = join(dir, 'rejects.csv');
    writeFileSync(rejects, 'old\n');
    chmodSync(rejects, 0o640);
    const r = await runInProcess(['summary', input, '--on-bad-row', 'skip', '--rejects', rejects]);
    expect(r.code).toBe(0);
    expect(readFileSync(rejects, 'utf8')).toBe(
      `line,reason,text\n5,"column amount: expected an amount of 0 or more, received 'x'","c,2024-03-01,x"\n`,
    );
    expect(statSync(rejects).mode & 0o777).toBe(0o640);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a kill mid-write (SIGKILL, SIGTERM) leaves the previous file intact; the next run removes what it left', async () => {
    const { dir } = setup();
    const out = join(dir, 'orders.csv');
    const before = readFileSync(out);
    /** Starts a big simulate -o, waits until its temporary file holds data, then sends `signal`. */
    const killMidWrite = (signal: NodeJS.Signals, earlier: readonly string[] = []) =>
      new Promise<NodeJS.Signals | null>((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, 'simulate', '--customers', '3000000', '-o', out]);
        const timer = setInterval(() => {
          const temp = leftovers(dir).find((f) => !earlier.includes(f));
          if (temp && statSync(join(dir, temp)).size > 1 << 20) {
            clearInterval(timer);
            child.kill(signal);
          }
        }, 5);
        child.on('exit', (code, sig) => {
          clearInterval(timer);
          if (code === 0) reject(new Error('the simulation finished before it was killed'));
          resolve(sig);
        });
      });
    expect(await killMidWrite('SIGKILL')).toBe('SIGKILL');
    expect(readFileSync(out)).toEqual(before);
    expect(leftovers(dir)).toHaveLength(1); // the partial file is beside the target, not in its place
    expect(await killMidWrite('SIGTERM', leftovers(dir))).toBe('SIGTERM');
    expect(readFileSync(out)).toEqual(before);
    // The next run writing the file removes the temporary files of the killed runs, and replaces the file.
    const r = await runInProcess(['simulate', '--customers', '3', '-o', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^customer_id,date,amount\nC1,/);
    expect(leftovers(dir)).toEqual([]);
  }, 60_000);
});
