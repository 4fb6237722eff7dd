import { Decimal, roundMoney, toDecimal } from '../../index.js';

/**
 * Money for the page: rounded half-up to the cent (decimal, as the core rounds), thousands separated.
 *
 * @example money(toDecimal('1234.5')) === '$1,234.50'
 */
export function money(d: Decimal | number | string): string {
  const [whole, cents] = roundMoney(toDecimal(d) ?? new Decimal(0))
    .toFixed(2)
    .split('.');
  return `$${(whole as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** A share as a percentage to one decimal. @example pct(0.1234) === '12.3%' */
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A count with thousands separators. @example count(12345) === '12,345' */
export const count = (n: number): string => n.toLocaleString('en-US');
