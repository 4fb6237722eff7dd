/**
 * The spreadsheet functions' documentation: what each function does, its example, how it treats blank cells and
 * the help of every parameter. Read by scripts/build-sheets.ts (the @customfunction JSDoc of the Apps Script and
 * Excel wrappers, docs/spreadsheets.md) and by the tests; never by the runtime bundle (src/sheets/index.ts), so
 * the file a spreadsheet user pastes carries no doc text twice (issue #13's 200 KB budget).
 * Every function of SHEET_FUNCTIONS has exactly one record here (the type says so), and every parameter its help
 * (`sheetFunctionDoc` refuses a missing or unknown one).
 */
import { betaGeoModel } from '../models/betaGeo.js';
import { DEFAULT_TIME_UNIT } from '../transactions/calendar.js';
import type { SheetFunction, SheetFunctionName } from './functions.js';

export interface SheetFunctionDoc {
  readonly description: string;
  /** A formula as typed in a cell. */
  readonly example: string;
  /** How blank cells are treated. */
  readonly blanks: string;
  /** The help of each parameter, by its name. */
  readonly params: Readonly<Record<string, string>>;
}

const REQUIRED_VALUE = 'blank cells are errors';
const OPTIONAL_BLANK = 'Optional arguments may be blank; required ones may not.';
/** The blank-cell rule of the functions that take columns side by side (`rangesOf`). */
const OPEN_COLUMNS = (n: number) =>
  `Every row needs all ${n === 3 ? 'three' : 'four'} values; blank cells are errors. Trailing rows blank in every column are left out, so an open range like B2:B works.`;

const PURCHASE = {
  avgPurchaseValue: 'Average revenue of one purchase.',
  purchaseFrequency: 'Purchases per period.',
};
const CHURN = { churnRate: 'Share of customers lost per period, more than 0 and at most 1.' };
const TAIL = {
  grossMargin: 'Gross margin as a fraction, 0–1 (default 1).',
  serviceCostPerPeriod: 'Cost to serve one customer per period (default 0).',
  discountRate: 'Discount rate per period (default 0).',
};
const CLV_AND_CAC = { clv: 'Customer lifetime value.', cac: 'Customer acquisition cost, more than 0.' };
const COUNTS = {
  startCount: 'Customers at the start.',
  endCount: 'Customers at the end.',
  newCount: 'New customers acquired during the period.',
};
const TIME_UNIT = {
  timeUnit: `Unit of recency and T: 'day', 'week' or 'month' (default '${DEFAULT_TIME_UNIT}', as everywhere in clvkit).`,
};
const CUSTOMER_RANGES = {
  frequency: 'Repeat purchases per customer (a column).',
  recency: 'Time from first to last purchase (same unit as T).',
  T: 'Time from first purchase to the end of the period.',
};
/** The BG/NBD's parameters, with the registry's descriptions. */
const BG_PARAMS = Object.fromEntries(
  betaGeoModel.paramNames.map((name) => [
    name,
    `BG/NBD ${name} (from BGNBD_FIT): ${betaGeoModel.paramDescriptions[name]}.`,
  ]),
);
const CLV_PREDICT_PARAMS = {
  ...CUSTOMER_RANGES,
  monetaryValue: 'Average spend of repeat purchases (0 when none).',
  months: 'Months ahead (default 12).',
  monthlyDiscountRate: 'Discount rate per month (default 0.01).',
  ...TIME_UNIT,
  margin: 'Profit margin on spend, above 0 up to 1 (default 1: revenue CLV).',
};

/** The documentation of every spreadsheet function, by name. */
export const SHEET_FUNCTION_DOCS: { readonly [N in SheetFunctionName]: SheetFunctionDoc } = {
  CLV: {
    description: 'Customer lifetime value from a fixed lifespan, exact, rounded to cents.',
    example: '=CLV(50, 4, 3, 0.6)',
    blanks: OPTIONAL_BLANK,
    params: { ...PURCHASE, lifespan: 'Expected relationship length in periods.', ...TAIL },
  },
  CLV_FROM_CHURN: {
    description:
      'Customer lifetime value from a churn rate per period (lifespan 1/churn), exact, rounded to cents.',
    example: '=CLV_FROM_CHURN(50, 4, 0.25, 0.6)',
    blanks: OPTIONAL_BLANK,
    params: { ...PURCHASE, ...CHURN, ...TAIL },
  },
  NET_CLV: {
    description: 'CLV from a churn rate minus the acquisition cost, rounded to cents.',
    example: '=NET_CLV(50, 4, 0.25, 80, 0.6)',
    blanks: OPTIONAL_BLANK,
    params: { ...PURCHASE, ...CHURN, acquisitionCost: 'Cost to acquire one customer (CAC).', ...TAIL },
  },
  CLV_CAC_RATIO: {
    description: 'CLV divided by acquisition cost (3 is the usual health line), to 6 decimals.',
    example: '=CLV_CAC_RATIO(480, 80)',
    blanks: REQUIRED_VALUE,
    params: CLV_AND_CAC,
  },
  CLV_CAC_VERDICT: {
    description:
      "The CLV:CAC ratio in words: 'losing' (< 1), 'thin' (1–3), 'healthy' (3–5) or 'underinvesting' (> 5).",
    example: '=CLV_CAC_VERDICT(480, 80)',
    blanks: REQUIRED_VALUE,
    params: CLV_AND_CAC,
  },
  CAC_PAYBACK: {
    description: 'Periods of contribution needed to earn back the acquisition cost, to 6 decimals.',
    example: '=CAC_PAYBACK(300, 50, 2, 0.5)',
    blanks: 'grossMargin may be blank.',
    params: {
      acquisitionCost: 'Cost to acquire one customer.',
      ...PURCHASE,
      grossMargin: 'Gross margin, 0–1 (default 1).',
    },
  },
  RFM_SCORES: {
    description:
      'RFM quantile scores for a customer list: spills R, F, M, cell and segment under a header row.',
    example: '=RFM_SCORES(B2:B101, C2:C101, D2:D101)',
    blanks: OPEN_COLUMNS(3),
    params: {
      recencyDays: 'Days since each customer last bought (a column).',
      orderCounts: 'Orders per customer.',
      spend: 'Total spend per customer.',
      bins: 'Scores per axis, 2–9 (default 5).',
    },
  },
  RFM_SEGMENT: {
    description: "The named segment of one R, F, M score on the 1–5 scale ('Champions', 'At Risk', …).",
    example: '=RFM_SEGMENT(5, 5, 4)',
    blanks: REQUIRED_VALUE,
    params: { r: 'Recency score, 1–5.', f: 'Frequency score, 1–5.', m: 'Monetary score, 1–5.' },
  },
  RETENTION_RATE: {
    description: 'Customer retention rate over a period: (end − new) / start, to 6 decimals.',
    example: '=RETENTION_RATE(1000, 950, 100)',
    blanks: REQUIRED_VALUE,
    params: COUNTS,
  },
  CHURN_RATE: {
    description: 'Customer churn rate over a period: 1 − retention rate, to 6 decimals.',
    example: '=CHURN_RATE(1000, 950, 100)',
    blanks: REQUIRED_VALUE,
    params: COUNTS,
  },
  NRR: {
    description: 'Net revenue retention: (start + expansion − contraction − churned) / start, to 6 decimals.',
    example: '=NRR(100000, 15000, 5000, 8000)',
    blanks: REQUIRED_VALUE,
    params: {
      startingRevenue: 'Recurring revenue at the start.',
      expansion: 'Upsell and cross-sell from those customers.',
      contraction: 'Downgrades.',
      churned: 'Revenue of customers who left.',
    },
  },
  NPS: {
    description: 'Net Promoter Score of 0–10 survey answers: % promoters (9–10) − % detractors (0–6).',
    example: '=NPS(B2:B500)',
    blanks: 'Blank cells are skipped (no answer).',
    params: { scores: 'The answers, 0–10 (a column or block).' },
  },
  CSAT: {
    description:
      'Customer satisfaction: the share of 1–5 answers at or above satisfiedAtLeast (default 4), in %.',
    example: '=CSAT(B2:B500, 4)',
    blanks: 'Blank cells are skipped (no answer).',
    params: { scores: 'The answers, 1–5.', satisfiedAtLeast: 'Lowest satisfied answer (default 4).' },
  },
  CUSTOMER_SUMMARY: {
    description:
      'From an order list to one row per customer: spills customer, frequency, recency, T, monetary value, orders, total spend and days since the last order.',
    example: '=CUSTOMER_SUMMARY(A2:A5000, B2:B5000, C2:C5000, DATE(2025,12,31), "week")',
    blanks: 'Rows blank in all three columns are skipped; a partly blank row is an error.',
    params: {
      customerIds: 'The customer of each order (a column).',
      orderDates: 'The date of each order (dates, Excel serials or yyyy-MM-dd text).',
      amounts: 'The amount of each order.',
      observationEnd: 'The end of observation (default: the last order date).',
      ...TIME_UNIT,
    },
  },
  BGNBD_FIT: {
    description:
      'Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood; spills r, alpha, a, b under a header.',
    example: '=BGNBD_FIT(B2:B2358, C2:C2358, D2:D2358)',
    blanks: OPEN_COLUMNS(3),
    params: CUSTOMER_RANGES,
  },
  P_ALIVE: {
    description: 'P(alive) of each customer under BG/NBD parameters: a column out for the ranges in.',
    example: '=P_ALIVE(B2:B2358, C2:C2358, D2:D2358, $G$2, $H$2, $I$2, $J$2)',
    blanks: OPEN_COLUMNS(3),
    params: { ...CUSTOMER_RANGES, ...BG_PARAMS },
  },
  EXPECTED_PURCHASES: {
    description: 'Expected purchases of each customer in the next t periods under BG/NBD parameters.',
    example: '=EXPECTED_PURCHASES(39, B2:B2358, C2:C2358, D2:D2358, $G$2, $H$2, $I$2, $J$2)',
    blanks: OPEN_COLUMNS(3),
    params: { t: 'Periods ahead (same unit as T).', ...CUSTOMER_RANGES, ...BG_PARAMS },
  },
  CLV_PREDICT: {
    description:
      'Predicted CLV of each customer: BG/NBD and Gamma-Gamma fitted on the list, discounted monthly; rounded to cents.',
    example: '=CLV_PREDICT(B2:B2358, C2:C2358, D2:D2358, E2:E2358, 12, 0.01, "week", 0.3)',
    blanks: OPEN_COLUMNS(4),
    params: CLV_PREDICT_PARAMS,
  },
  CLV_PREDICT_INTERVAL: {
    description:
      "Each customer's predicted CLV with its interval: three columns, the mean (as CLV_PREDICT), the low and the high end of the central interval, by Monte Carlo from the models' posterior predictive with the fits' parameter uncertainty; rounded to cents.",
    example: '=CLV_PREDICT_INTERVAL(B2:B2358, C2:C2358, D2:D2358, E2:E2358, 12, 0.01, "week", 1, 90)',
    blanks: OPEN_COLUMNS(4),
    params: {
      ...CLV_PREDICT_PARAMS,
      interval:
        'Central interval in percent, above 0 and below 100 (default 90: from the 5 % to the 95 % quantile).',
      seed: 'Seed of the draws (default 1): the same seed gives the same figures.',
    },
  },
};

/** A function's documentation with its parameters' help in the function's order: every parameter has one. */
export function sheetFunctionDoc(
  f: SheetFunction,
): Omit<SheetFunctionDoc, 'params'> & { readonly params: readonly string[] } {
  const doc = SHEET_FUNCTION_DOCS[f.name];
  const names = f.params.map((p) => p.name);
  const missing = names.filter((name) => !Object.hasOwn(doc.params, name));
  const unknown = Object.keys(doc.params).filter((name) => !names.includes(name));
  if (missing.length > 0 || unknown.length > 0)
    throw new Error(
      `src/sheets/functionDocs.ts: ${f.name}'s parameters are ${names.join(', ')}` +
        `${missing.length > 0 ? `; no help for ${missing.join(', ')}` : ''}` +
        `${unknown.length > 0 ? `; help for no parameter ${unknown.join(', ')}` : ''}`,
    );
  return { ...doc, params: names.map((name) => doc.params[name] as string) };
}
