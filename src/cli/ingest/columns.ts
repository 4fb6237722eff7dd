import { CliUsageError } from '../command.js';

/** The columns a transaction log needs; amount may be left out with `--amount-col none`. */
export type Role = 'customer' | 'date' | 'amount';
export const ROLE_FLAGS: Readonly<Record<Role, string>> = {
  customer: '--customer-col',
  date: '--date-col',
  amount: '--amount-col',
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
    'id',
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
  ],
  amount: [
    'amount',
    'revenue',
    'value',
    'dollarvalue',
    'total',
    'ordertotal',
    'ordervalue',
    'sales',
    'spend',
    'price',
    'monetaryvalue',
  ],
};

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Where each needed column is: 0-based field indexes, amount -1 when left out. */
export interface ColumnPlan {
  readonly customer: number;
  readonly date: number;
  readonly amount: number;
  /** The columns' names as the file (or the positions) call them, for messages. */
  readonly names: Readonly<Record<Role, string>>;
  /** Fields a data line must have. */
  readonly width: number;
}

/**
 * Finds the customer, date and amount columns. With a header: a flag names a column (case-insensitive) or
 * gives its 1-based position; without a flag, known names are looked for (customer_id, order_date, amount…).
 * Without a header (`--no-header`): flags give 1-based positions; the defaults are 1, 2 and 3.
 * A column that cannot be found is an error that lists the header.
 */
export function planColumns(
  header: readonly string[] | undefined,
  flags: Readonly<Partial<Record<Role, string>>>,
): ColumnPlan {
  const found = {} as Record<Role, number>;
  const names = {} as Record<Role, string>;
  const roles: Role[] = ['customer', 'date', 'amount'];
  roles.forEach((role, defaultIndex) => {
    const flag = flags[role];
    if (role === 'amount' && flag === 'none') {
      found.amount = -1;
      names.amount = 'none';
      return;
    }
    const index = header ? findInHeader(header, role, flag) : position(role, flag, defaultIndex);
    found[role] = index;
    names[role] = header ? (header[index] as string) : String(index + 1);
  });
  return { ...found, names, width: Math.max(found.customer, found.date, found.amount) + 1 };
}

function position(role: Role, flag: string | undefined, defaultIndex: number): number {
  if (flag === undefined) return defaultIndex;
  if (!/^[1-9]\d*$/.test(flag)) {
    throw new CliUsageError(
      `${ROLE_FLAGS[role]}: without a header, columns are named by position (1, 2, …); received '${flag}'`,
    );
  }
  return Number(flag) - 1;
}

function findInHeader(header: readonly string[], role: Role, flag: string | undefined): number {
  const listed = header.map((h) => `'${h}'`).join(', ');
  if (flag !== undefined) {
    const byName = header.findIndex((h) => h.trim().toLowerCase() === flag.trim().toLowerCase());
    if (byName >= 0) return byName;
    if (/^[1-9]\d*$/.test(flag) && Number(flag) <= header.length) return Number(flag) - 1;
    throw new CliUsageError(`${ROLE_FLAGS[role]}: no column '${flag}' in the header (${listed})`);
  }
  const normalised = header.map(normalise);
  for (const known of KNOWN_NAMES[role]) {
    const i = normalised.indexOf(known);
    if (i >= 0) return i;
  }
  const hint = header.length === 1 ? ' (only one column was found: is --delimiter right?)' : '';
  throw new CliUsageError(
    `no ${role === 'customer' ? 'customer id' : role} column found in the header (${listed})${hint}; name it with ${ROLE_FLAGS[role]}${role === 'amount' ? ' (or --amount-col none)' : ''}`,
  );
}
