import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './inProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-returns-'));
const COLUMNS = 'columns: customer=customer_id, date=date, amount=amount\n';
/** The log of test/transactions/returns.test.ts, hand-computed there. */
const LOG = `customer_id,date,amount
A,2024-01-01,100
B,2024-01-03,-20
A,2024-01-05,30
C,2024-01-02,0
A,2024-01-05,-40
B,2024-01-10,50
A,2024-01-09,-50
B,2024-01-12,10
C,2024-01-04,10
B,2024-01-15,-70.00
A,2024-01-20,25
`;
const path = join(dir, 'orders.csv');
writeFileSync(path, LOG);
const END = ['--observation-end', '2024-01-31'];

describe('clvkit summary --returns', () => {
  it('net: returns netted by the documented rule, the return rate a column, the account exact', async () => {
    const r = await runInProcess(['summary', path, ...END, '--returns', 'net']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `${COLUMNS}read 11 rows: 11 used, 0 rejected\nreturns: 4 rows netted, value 180, unmatched 30; customers with every purchase returned (left out): 1\n`,
    );
    expect(r.stdout).toBe(
      [
        'customer_id,frequency,recency,T,monetary_value,first_purchase,last_purchase,days_since_last_purchase,orders,total_spend,average_order_value,return_rate',
        'A,1,19,30,25,2024-01-01,2024-01-20,11,2,65,32.50,0.5806451613',
        'C,1,2,29,10,2024-01-02,2024-01-04,27,2,10,5.00,0',
        '',
      ].join('\n'),
    );
    const json = await runInProcess(['summary', path, ...END, '--returns', 'net', '--format', 'json']);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({
      customer_id: 'A',
      total_spend: '65',
      return_rate: 0.5806451613,
    });
  });

  it('exclude: negative rows dropped, counted as rejected (return), listed in --rejects, never a stop', async () => {
    const rejects = join(dir, 'rejects.csv');
    const r = await runInProcess(['summary', path, ...END, '--returns', 'exclude', '--rejects', rejects]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${COLUMNS}read 11 rows: 7 used, 4 rejected (4 return)\n`);
    expect(r.stdout.split('\n')[1]).toBe('A,2,19,30,27.5,2024-01-01,2024-01-20,11,3,155,51.67');
    expect(readFileSync(rejects, 'utf8').trim().split('\n')).toEqual([
      'line,reason,text',
      '3,column amount: a return (--returns exclude),"B,2024-01-03,-20"',
      '6,column amount: a return (--returns exclude),"A,2024-01-05,-40"',
      '8,column amount: a return (--returns exclude),"A,2024-01-09,-50"',
      '11,column amount: a return (--returns exclude),"B,2024-01-15,-70.00"',
    ]);
  });

  it('reject (the default): the first negative amount stops the run, naming its line', async () => {
    const r = await runInProcess(['summary', path, ...END]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${COLUMNS}clvkit summary: ${path}, line 3: column amount: expected an amount of 0 or more, received '-20'\nread 2 rows: 1 used, 1 rejected (1 amount)\n`,
    );
  });

  it('the SQL engines do not net returns: --returns with --engine is refused, never ignored', async () => {
    const r = await runInProcess(['summary', path, '--engine', 'duckdb', '--returns', 'net']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--returns is for the in-process reader; not with --engine duckdb');
  });

  it('a bad mode is named with its flag, as every summarizer option is', async () => {
    const r = await runInProcess(['summary', path, '--returns', 'keep']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `clvkit summary: --returns: expected one of 'net', 'exclude', 'reject', received "keep"\n`,
    );
  });
});
