import { CliUsageError } from '../command.js';

/** The columns a transaction log needs; amount may be left out with `--amount-col none`. */
export type Role = 'customer' | 'date' | 'amount';
export const ROLE_FLAGS: Readonly<Record<Role, string>> = {
  customer: '--customer-col',
  date: '--date-col',
  amount: '--amount-col',
};

/**
 * The columns of real exports, used when named by their flag: invoice lines' quantity and unit price, the order
 * they belong to, their currency, their cost, the amount refunded and the column `--only` keeps rows by. One is also found by its header name: a currency column
 * (`CURRENCY_NAMES`), so that amounts in several currencies are never added as they are without a word.
 */
export type ExtraRole = 'quantity' | 'price' | 'order' | 'currency' | 'cost' | 'refund' | 'only';
export const EXTRA_ROLE_FLAGS: Readonly<Record<ExtraRole, string>> = {
  quantity: '--quantity-col',
  price: '--price-col',
  order: '--order-col',
  currency: '--currency-col',
  cost: '--cost-col',
  refund: '--refund-col',
  only: '--only',
};

/** Header names recognised without a flag (compared lower-case with everything but letters and digits removed). */
const KNOWN_NAMES: Readonly<Record<Role, readonly string[]>> = {
  customer: [
    'customerid',
    'customer',
    'custid',
    'clientid',
    'client',
    'userid',
    'memberid',
    'accountid',
    'email',
    'customeremail',
    'emailaddress',
    'buyeremail',
    'billingemail',
  ],
  date: [
    'date',
    'orderdate',
    'transactiondate',
    'purchasedate',
    'invoicedate',
    'day',
    'datetime',
    'timestamp',
    'createdat',
    'orderedat',
    'created',
    'createdutc',
    'createddate',
  ],
  amount: [
    'amount',
    'revenue',
    'value',
    'dollarvalue',
    'total',
    'ordertotal',
    'ordertotalamount',
    'ordervalue',
    'sales',
    'spend',
    'price',
    'monetaryvalue',
  ],
};

/**
 * Header names of each row's currency (Shopify's and Stripe's `Currency`, WooCommerce's `Order Currency`): found
 * without a flag and read as `--currency-col` reads it (one currency throughout, or --rates), and said in the
 * columns line; `--currency-col none` adds the amounts as they are.
 */
const CURRENCY_NAMES = ['currency', 'currencycode', 'ordercurrency', 'transactioncurrency'];

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The index of the first column named like each row's currency (`CURRENCY_NAMES`), or -1: the one extra column
 * found by its name, in a file's header and in an engine's table.
 *
 * @example currencyColumnOf(['Email', 'Total', 'Currency']) === 2
 */
export function currencyColumnOf(header: readonly string[]): number {
  return header.findIndex((h) => CURRENCY_NAMES.includes(normalise(h)));
}

/** Where each needed column is: 0-based field indexes, amount -1 when left out. */
export interface ColumnPlan {
  readonly customer: number;
  readonly date: number;
  readonly amount: number;
  /** The columns' names as the file (or the positions) call them, for messages. */
  readonly names: Readonly<Record<Role, string>>;
  /** Fields a data line must have at least to hold the three columns. */
  readonly width: number;
  /** Fields every data line has: the header's count (without a header, the first line's). */
  readonly fields: number;
  /** Roles (and a currency column) found by their header name, not named by a flag (printed: no guess is silent). */
  readonly guessed: readonly (Role | 'currency')[];
  /** The extra columns named by their flags: 0-based index and name. */
  readonly extra: Readonly<Partial<Record<ExtraRole, { readonly index: number; readonly name: string }>>>;
  /**
   * Without `--order-col`: a column whose name says order or invoice (`ORDER_NAMES`), never used by guess, only
   * named in the advice on a blank amount (`orderColumnHint`).
   */
  readonly orderCandidate?: string;
}

/**
 * Header names of an order's id. Never picked: a blank amount beside one is most likely an order's later line,
 * and its rejection says `--order-col` then. Shopify calls its order number (`#1001`) `Name`, which is an order
 * only beside its `Lineitem …` columns (`orderCandidateIndex`).
 */
const ORDER_NAMES = [
  'order',
  'orderid',
  'ordername',
  'ordernumber',
  'orderno',
  'invoice',
  'invoiceid',
  'invoiceno',
  'invoicenumber',
];

/**
 * The advice appended to a blank amount's rejection when the file has an order-like column and no
 * `--order-col`: exports that write an order's total on its first line leave it blank on the others.
 *
 * @example orderColumnHint(planColumns(['Order ID', 'Email', 'Created at', 'Total'], {})) // " (if another line of its order gives it, as in Shopify's export, pass --order-col 'Order ID')"
 */
export function orderColumnHint(plan: ColumnPlan): string {
  return plan.orderCandidate === undefined || plan.extra.order !== undefined
    ? ''
    : ` (if another line of its order gives it, as in Shopify's export, pass --order-col '${plan.orderCandidate}')`;
}

/** Header names that may be an order id as well as a customer id: never picked without a flag. */
const AMBIGUOUS_CUSTOMER = ['id', 'number', 'no', 'key'];

/**
 * Header names of a line's quantity: beside one, a `price` column is a unit price (an invoice line's amount is
 * quantity × price), so it is never taken as the amount by guess.
 */
const QUANTITY_NAMES = ['quantity', 'qty', 'units', 'quantityordered', 'lineitemquantity', 'itemquantity'];

/** The line naming the columns used, printed on stderr when any was guessed from the header. */
export function columnsLine(plan: ColumnPlan): string {
  const { order, currency, cost, refund } = plan.extra;
  const amount = plan.names.amount;
  const more = [
    order ? `, order=${order.name}` : '',
    currency ? `, currency=${currency.name}` : '',
    cost ? `, cost=${cost.name}` : '',
    refund ? `, refund=${refund.name}` : '',
  ].join('');
  return `columns: customer=${plan.names.customer}, date=${plan.names.date}, amount=${amount}${more}\n`;
}

/**
 * Finds the customer, date and amount columns. With a header: a flag names a column (case-insensitive) or
 * gives its 1-based position; without a flag, known names are looked for (customer_id, email, order_date,
 * amount…) and the roles so found are listed in `guessed` (the caller prints `columnsLine`). A bare `id`
 * column is never taken as the customer by guess: it is an order id in many exports (Shopify's). A currency
 * column (`CURRENCY_NAMES`) is found the same way unless `--currency-col` names one or says `none`.
 * Without a header (`--no-header`): flags give 1-based positions; the defaults are 1, 2 and 3.
 * A column that cannot be found is an error that lists the header.
 */
export function planColumns(
  header: readonly string[] | undefined,
  flags: Readonly<Partial<Record<Role, string>>>,
  /** Fields of the first line (the header, or the first data line without one): every line must have as many. */
  firstLineFields: number = header?.length ?? 3,
  /** Extra columns, by flag value (name or 1-based position); none is ever guessed. */
  extraFlags: Readonly<Partial<Record<ExtraRole, string>>> = {},
  /** Whether the reader can make a line amount of quantity × price (the in-process reader; not the engines). */
  lineAmounts = true,
): ColumnPlan {
  const found = {} as Record<Role, number>;
  const names = {} as Record<Role, string>;
  const guessed: (Role | 'currency')[] = [];
  const roles: Role[] = ['customer', 'date', 'amount'];
  roles.forEach((role, defaultIndex) => {
    const flag = flags[role];
    if (role === 'amount' && flag === 'none') {
      found.amount = -1;
      names.amount = 'none';
      return;
    }
    const index = header ? findInHeader(header, role, flag) : position(role, flag, defaultIndex);
    if (header && flag === undefined) guessed.push(role);
    found[role] = index;
    names[role] = header ? (header[index] as string) : String(index + 1);
  });
  const extra: Partial<Record<ExtraRole, { index: number; name: string }>> = {};
  for (const role of Object.keys(EXTRA_ROLE_FLAGS) as ExtraRole[]) {
    const flag = extraFlags[role];
    if (role === 'currency' && flag === undefined && header) {
      const index = currencyColumnOf(header);
      if (index >= 0) {
        extra.currency = { index, name: header[index] as string };
        guessed.push('currency');
      }
    }
    if (flag === undefined || (role === 'currency' && flag === 'none')) continue;
    const index = header
      ? findNamed(header, EXTRA_ROLE_FLAGS[role], flag)
      : positionOf(EXTRA_ROLE_FLAGS[role], flag);
    extra[role] = { index, name: header ? (header[index] as string) : String(index + 1) };
  }
  if (header && guessed.includes('amount')) refuseUnitPriceAsAmount(header, found.amount, lineAmounts);
  // Quantity × price stands for the amount (the caller passes --amount-col none for it).
  if (extra.quantity && extra.price) names.amount = `${extra.quantity.name} × ${extra.price.name}`;
  const width =
    Math.max(found.customer, found.date, found.amount, ...Object.values(extra).map((e) => e.index)) + 1;
  const used = [found.customer, found.date, found.amount, ...Object.values(extra).map((e) => e.index)];
  const order = header && extra.order === undefined ? orderCandidateIndex(header, used) : -1;
  return {
    ...found,
    names,
    width,
    fields: firstLineFields,
    guessed,
    extra,
    ...(order >= 0 ? { orderCandidate: header?.[order] as string } : {}),
  };
}

/** The first unused column named like an order id (`ORDER_NAMES`, or Shopify's `Name`), or -1. */
function orderCandidateIndex(header: readonly string[], used: readonly number[]): number {
  const normalised = header.map(normalise);
  const shopify = normalised.some((n) => n.startsWith('lineitem'));
  return normalised.findIndex(
    (n, i) => !used.includes(i) && (ORDER_NAMES.includes(n) || (shopify && n === 'name')),
  );
}

/**
 * Refuses a guessed amount column that is a unit price beside a quantity column (as in the UCI Online Retail
 * file, or Shopify's line items): summing unit prices would make every figure of money wrong without a word.
 */
function refuseUnitPriceAsAmount(header: readonly string[], amount: number, lineAmounts: boolean): void {
  const name = header[amount] as string;
  if (!normalise(name).includes('price')) return;
  const q = header.findIndex((h) => QUANTITY_NAMES.includes(normalise(h)));
  if (q < 0) return;
  const why = `the amount column is not picked by guess: '${name}' looks like a unit price beside a quantity column ('${header[q]}'), so a line's amount may be quantity × price`;
  const whole = `--amount-col '${name}' if '${name}' is the line's whole amount`;
  throw new CliUsageError(
    lineAmounts
      ? `${why}; pass --quantity-col '${header[q]}' --price-col '${name}' for that, or ${whole}`
      : `${why}, which only the in-process reader computes (--quantity-col '${header[q]}' --price-col '${name}', without --engine); pass ${whole}`,
  );
}

function position(role: Role, flag: string | undefined, defaultIndex: number): number {
  return flag === undefined ? defaultIndex : positionOf(ROLE_FLAGS[role], flag);
}

function positionOf(flagName: string, flag: string): number {
  if (!/^[1-9]\d*$/.test(flag)) {
    throw new CliUsageError(
      `${flagName}: without a header, columns are named by position (1, 2, …); received '${flag}'`,
    );
  }
  return Number(flag) - 1;
}

/** The column a flag names in the header: by name (case-insensitive) or 1-based position. */
function findNamed(header: readonly string[], flagName: string, flag: string): number {
  const byName = header.findIndex((h) => h.trim().toLowerCase() === flag.trim().toLowerCase());
  if (byName >= 0) return byName;
  if (/^[1-9]\d*$/.test(flag) && Number(flag) <= header.length) return Number(flag) - 1;
  throw new CliUsageError(
    `${flagName}: no column '${flag}' in the header (${header.map((h) => `'${h}'`).join(', ')})`,
  );
}

function findInHeader(header: readonly string[], role: Role, flag: string | undefined): number {
  const listed = header.map((h) => `'${h}'`).join(', ');
  if (flag !== undefined) return findNamed(header, ROLE_FLAGS[role], flag);
  const normalised = header.map(normalise);
  for (const known of KNOWN_NAMES[role]) {
    const i = normalised.indexOf(known);
    if (i >= 0) return i;
  }
  const ambiguous = normalised.findIndex((n) => AMBIGUOUS_CUSTOMER.includes(n));
  if (role === 'customer' && ambiguous >= 0)
    throw new CliUsageError(
      `no customer id column found in the header (${listed}); '${header[ambiguous]}' may be an order id (as in a Shopify export) rather than a customer id, so it is not picked by guess: pass --customer-col '${header[ambiguous]}' if it names customers, or --customer-col with the customer's column (an email column will do)`,
    );
  const hint = header.length === 1 ? ' (only one column was found: is --delimiter right?)' : '';
  throw new CliUsageError(
    `no ${role === 'customer' ? 'customer id' : role} column found in the header (${listed})${hint}; name it with ${ROLE_FLAGS[role]}${role === 'amount' ? ' (or --amount-col none)' : ''}`,
  );
}
