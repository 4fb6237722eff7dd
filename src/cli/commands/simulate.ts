import { formatDay } from '../../index.js';
import { simulateOrderDays } from '../../transactions/simulateOrderLog.js';
import { CliUsageError, type Command } from '../command.js';
import { openOutput } from '../outputFile.js';

/** Flag → parameter of `simulateOrderLog`, with its default. */
const PARAMS = {
  r: ['purchases', 'r', 0.75],
  alpha: ['purchases', 'alpha', 40],
  a: ['purchases', 'a', 0.8],
  b: ['purchases', 'b', 2.5],
  p: ['spend', 'p', 6],
  q: ['spend', 'q', 4],
  gamma: ['spend', 'gamma', 60],
} as const;

const number = (flag: string, v: string | boolean | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(x)) {
    throw new CliUsageError(`--${flag}: expected a number, received '${String(v)}'`);
  }
  return x;
};

/** Writes text in large blocks to a file descriptor (synchronously: the simulator never outruns the disk). */
function blockWriter(write: (text: string) => void) {
  let buffer: string[] = [];
  let size = 0;
  return {
    push(line: string) {
      buffer.push(line);
      size += line.length;
      if (size > 1 << 20) this.flush();
    },
    flush() {
      if (buffer.length > 0) write(buffer.join(''));
      buffer = [];
      size = 0;
    },
  };
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'a seeded synthetic order log (CSV) from a BG/NBD purchase process and Gamma-Gamma spend',
  usage:
    'clvkit simulate [--customers N] [--start DATE] [--end DATE] [--seed N] [-o FILE] [model parameters]',
  options: {
    customers: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    'acquisition-days': { type: 'string' },
    seed: { type: 'string' },
    output: { type: 'string', short: 'o' },
    ...Object.fromEntries(Object.keys(PARAMS).map((k) => [k, { type: 'string' as const }])),
  },
  optionHelp: [
    '--customers N                    customers to simulate (default 1000)',
    '--start DATE --end DATE          span of the log (default 2024-01-01 to 2024-12-31)',
    '--acquisition-days N             first purchases spread over the first N days (default 90)',
    '--seed N                         the same seed gives the same log (default 1)',
    '--r --alpha --a --b X            BG/NBD purchases per day: λ ~ Gamma(r, α), drop-out p ~ Beta(a, b)',
    '                                 (defaults 0.75, 40, 0.8, 2.5)',
    '--p --q --gamma X                Gamma-Gamma spend per order (defaults 6, 4, 60)',
    '-o, --output FILE                write to FILE instead of standard output',
  ],
  fieldFlags: {
    customers: '--customers',
    start: '--start',
    end: '--end',
    acquisitionDays: '--acquisition-days',
    seed: '--seed',
    'purchases.r': '--r',
    'purchases.alpha': '--alpha',
    'purchases.a': '--a',
    'purchases.b': '--b',
    'spend.p': '--p',
    'spend.q': '--q',
    'spend.gamma': '--gamma',
  },
  examples: [
    'clvkit simulate --customers 5000 --seed 7 -o orders.csv',
    'clvkit simulate --customers 1250000 --start 2023-01-01 --end 2024-12-31 --alpha 60 -o big.csv',
  ],
  run(values, positionals, io) {
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
    const purchases: Record<string, number> = {};
    const spend: Record<string, number> = {};
    for (const [flag, [group, name, fallback]] of Object.entries(PARAMS)) {
      (group === 'purchases' ? purchases : spend)[name] = number(flag, values[flag], fallback);
    }
    const orders = simulateOrderDays({
      customers: number('customers', values.customers, 1000),
      start: typeof values.start === 'string' ? values.start : '2024-01-01',
      end: typeof values.end === 'string' ? values.end : '2024-12-31',
      ...(values['acquisition-days'] === undefined
        ? {}
        : { acquisitionDays: number('acquisition-days', values['acquisition-days'], 90) }),
      seed: number('seed', values.seed, 1),
      purchases: purchases as never,
      spend: spend as never,
    });
    const path = typeof values.output === 'string' ? values.output : undefined;
    // Written to a temporary file renamed into place at the end: a failure or a kill leaves the old file.
    const file = path === undefined ? undefined : openOutput(path, '-o', []);
    const out = blockWriter(file === undefined ? io.stdout : (text) => file.write(text));
    {
      out.push('customer_id,date,amount\n');
      const days = new Map<number, string>();
      for (const o of orders) {
        let date = days.get(o.day);
        if (date === undefined) {
          date = formatDay(o.day);
          days.set(o.day, date);
        }
        const cents = String(o.cents).padStart(3, '0');
        out.push(`${o.customerId},${date},${cents.slice(0, -2)}.${cents.slice(-2)}\n`);
      }
      out.flush();
      file?.commit();
    }
  },
};
