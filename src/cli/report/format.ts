import { Decimal, roundMoney, toDecimal } from '../../index.js';

/** The currency of a report when none is given. */
export const DEFAULT_CURRENCY = 'USD';

/** Whether `code` is an ISO 4217 currency this runtime's Intl knows (e.g. 'EUR'). */
export const isCurrency = (code: string): boolean =>
  /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);

/**
 * Money for the page: rounded half-up (decimal, as the core rounds) to the currency's minor unit (cents; none
 * for JPY), then written by `Intl.NumberFormat` (en-US digits, the currency's symbol) from the exact decimal
 * text, so no binary rounding enters.
 *
 * @example money(toDecimal('1234.5')) === '$1,234.50'; money(1234.5, 'EUR') === '€1,234.50'
 */
export function money(d: Decimal | number | string, currency: string = DEFAULT_CURRENCY): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const places = format.resolvedOptions().maximumFractionDigits ?? 2;
  // toDecimal keeps to the library's input bounds (|x| < 1e15); a page total may be larger, so it is read
  // directly then — never replaced by 0.
  const exact = roundMoney(toDecimal(d) ?? new Decimal(d as never), places).toFixed(places);
  // Intl.NumberFormat takes a decimal string exactly (ECMA-402 NumberFormat v3).
  return format.format(exact as unknown as number);
}

/** A share as a percentage to one decimal. @example pct(0.1234) === '12.3%' */
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A count with thousands separators. @example count(12345) === '12,345' */
export const count = (n: number): string => n.toLocaleString('en-US');

/** An interval's level as the page writes it. @example levelText(0.9) === '90 %' */
export const levelText = (level: number): string => `${Number((level * 100).toPrecision(12))} %`;
