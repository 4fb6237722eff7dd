import { topCustomersByCount } from '../../index.js';
import { escapeHtml as e } from '../../report/escape.js';
import { levelText, money, pct } from './format.js';
import type { ReportData } from './reportData.js';

/**
 * The top-customers table: the `top` customers by predicted CLV (ties in summary order), with segment, orders,
 * spend, P(alive), expected purchases, CLV and the CLV's central interval (`a.intervals`: low – high, sorted by
 * the low end). Every cell carries its sort value in `data-v` so the page's
 * script can re-sort by any column; every text is escaped.
 *
 * @example topCustomersTable(data, 20) // '<table data-table="top-customers" …><tbody><tr>…' (20 rows)
 */
export function topCustomersTable(a: ReportData, top: number): { html: string; rows: number } {
  const order = topCustomersByCount(a.clvValues, top);
  const cell = (v: string | number, text: string) => `<td data-v="${e(v)}">${e(text)}</td>`;
  const body = order
    .map((i) => {
      const c = a.summary.customerAt(i);
      const p = a.pAlive[i] as number;
      const x = a.expectedPurchases[i] as number;
      const clv = a.clvValues[i] as number;
      const low = a.intervals.clvLow[i] as number;
      const high = a.intervals.clvHigh[i] as number;
      const range = `${money(low, a.currency)} – ${money(high, a.currency)}`;
      return `<tr>${cell(String(a.ids[i]), String(a.ids[i]))}${cell(a.segmentOf[i] as string, a.segmentOf[i] as string)}${cell(c.orderCount, String(c.orderCount))}${cell(c.totalSpend.toNumber(), money(c.totalSpend, a.currency))}${cell(p, pct(p))}${cell(x, x.toFixed(2))}${cell(clv, money(clv, a.currency))}${cell(low, range)}</tr>`;
    })
    .join('');
  const heads = [
    ['customer', 'text'],
    ['segment', 'text'],
    ['orders', 'number'],
    ['spend', 'number'],
    ['P(alive)', 'number'],
    [`expected purchases (${a.horizon} months)`, 'number'],
    ['CLV', 'number'],
    [`CLV ${levelText(a.intervals.level)} range, low – high`, 'number'],
  ]
    .map(([h, kind]) => `<th data-kind="${kind}" title="click to sort">${e(h as string)}</th>`)
    .join('');
  return {
    html: `<table data-table="top-customers" data-rows="${order.length}"><thead><tr>${heads}</tr></thead><tbody>${body}</tbody></table>`,
    rows: order.length,
  };
}
