import { assessClvToCac, customerLifetimeValue, roundMoney } from '../../index.js';
import { type Command, formatHelp, formatOption, outputFormat } from '../command.js';
import { formatRows } from '../output.js';

/** Flag → `customerLifetimeValue` field. Values pass through as strings: the core validates and converts them. */
const FLAG_FIELDS = {
  apv: 'averagePurchaseValue',
  frequency: 'purchaseFrequency',
  lifespan: 'lifespan',
  churn: 'churnRate',
  retention: 'retentionRate',
  margin: 'grossMargin',
  'service-cost': 'serviceCostPerPeriod',
  cac: 'acquisitionCost',
  'discount-rate': 'discountRate',
  horizon: 'horizon',
  timing: 'timing',
} as const;

/** Field → flag, so the core's validation messages can name the flag the user typed. */
export const CLV_FIELD_FLAGS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FLAG_FIELDS).map(([flag, field]) => [field, `--${flag}`]),
);

export const clvCommand: Command = {
  name: 'clv',
  summary: 'formula customer lifetime value from business inputs, with the CLV:CAC verdict',
  fieldFlags: CLV_FIELD_FLAGS,
  usage: 'clvkit clv --apv AMOUNT --frequency N (--lifespan N | --churn RATE | --retention RATE) [options]',
  options: {
    ...Object.fromEntries(Object.keys(FLAG_FIELDS).map((f) => [f, { type: 'string' as const }])),
    ...formatOption,
  },
  optionHelp: [
    '--apv AMOUNT                     average purchase value',
    '--frequency N                    purchases per period',
    '--lifespan N | --churn RATE | --retention RATE   exactly one',
    '--margin RATE                    gross margin, 0–1 (default 1)',
    '--service-cost AMOUNT            cost to serve one customer per period (default 0)',
    '--cac AMOUNT                     customer acquisition cost (default 0)',
    '--discount-rate RATE             per period (default 0)',
    '--horizon N                      cap in periods',
    "--timing start|end               margin received at a period's start (default) or end",
    formatHelp,
  ],
  examples: [
    'clvkit clv --apv 50 --frequency 4 --churn 0.25 --margin 0.6 --cac 80',
    'clvkit clv --apv 1000 --frequency 1 --lifespan 5 --discount-rate 0.1 --timing end --format json',
  ],
  run(values, _positionals, io) {
    const input: Record<string, string> = {};
    for (const [flag, field] of Object.entries(FLAG_FIELDS)) {
      const v = values[flag];
      if (typeof v === 'string') input[field] = v;
    }
    const r = customerLifetimeValue(input as never);
    const money = (d: { toString(): string } | null) =>
      d === null ? 'unbounded' : roundMoney(d as never).toFixed(2);
    const rows = [
      { figure: 'revenue per period', value: money(r.revenuePerPeriod) },
      { figure: 'contribution per period', value: money(r.contributionPerPeriod) },
      {
        figure: 'expected lifespan (periods)',
        value:
          r.expectedLifespan === null ? 'unbounded' : r.expectedLifespan.toSignificantDigits(10).toString(),
      },
      { figure: 'revenue over the relationship', value: money(r.revenue) },
      { figure: 'CLV', value: money(r.clv) },
      { figure: 'acquisition cost', value: money(r.acquisitionCost) },
      { figure: 'net CLV', value: money(r.netClv) },
      ...(r.clvToCacRatio === undefined
        ? []
        : [
            { figure: 'CLV:CAC', value: r.clvToCacRatio.toDecimalPlaces(2).toString() },
            { figure: 'verdict', value: assessClvToCac(r.clvToCacRatio) },
          ]),
    ];
    io.stdout(formatRows(rows, outputFormat(values.format, io)));
  },
};
