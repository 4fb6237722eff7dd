import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClvValidationError,
  compileAmountFormat,
  compileDateFormat,
  createExchangeRateTable,
  createSummarizer,
  dayOfExcelSerial,
  groupOrderLines,
  instantDayReader,
  parseDay,
  readAmountFormat,
  summarizeTransactions,
} from '../../src/index.js';
import { Decimal } from '../../src/money.js';
import {
  addAmounts,
  multiplyAmounts,
  parseSignedAmount,
  signedAmountText,
} from '../../src/transactions/amount.js';
import { dayFromCivil } from '../../src/transactions/calendar.js';

const day = (y: number, m: number, d: number) => dayFromCivil(y, m, d);

describe('signed exact amounts', () => {
  it('parse, multiply and add exactly, falling back to Decimal past four decimals', () => {
    expect(parseSignedAmount('-2.55')).toBe(-25500);
    expect(signedAmountText(multiplyAmounts(parseSignedAmount('6')!, parseSignedAmount('2.55')!))).toBe(
      '15.3',
    );
    const long = multiplyAmounts(parseSignedAmount('3')!, parseSignedAmount('0.33333')!);
    expect(long).toBeInstanceOf(Decimal);
    expect(signedAmountText(long)).toBe('0.99999');
    expect(signedAmountText(addAmounts(parseSignedAmount('0.1')!, parseSignedAmount('0.2')!))).toBe('0.3');
    expect(parseSignedAmount('1e999')).toBeUndefined();
    expect(parseSignedAmount('abc')).toBeUndefined();
  });
  it('the product of two decimals is the Decimal product, whichever path computes it', () => {
    const decimalText = fc
      .tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 6 }))
      .map(([n, k]) => new Decimal(n).div(10 ** k).toFixed());
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const product = multiplyAmounts(parseSignedAmount(a)!, parseSignedAmount(b)!);
        expect(new Decimal(signedAmountText(product)).eq(new Decimal(a).mul(b))).toBe(true);
      }),
    );
  });
});

describe('amount formats (never guessed)', () => {
  it('read a sample of 1234.56 as the export writes it', () => {
    expect(readAmountFormat('1.234,56 €')).toMatchObject({
      decimal: ',',
      thousands: '.',
      symbol: '€',
      symbolFirst: false,
    });
    expect(readAmountFormat('$1,234.56')).toMatchObject({ decimal: '.', thousands: ',', symbol: '$' });
    expect(readAmountFormat("CHF 1'234.56")).toMatchObject({ thousands: "'", symbol: 'CHF' });
    for (const bad of ['1,234,56', '12.34', 'euro', '1.234.56', '$1,234.56€'])
      expect(readAmountFormat(bad)).toBeUndefined();
  });
  it('strip only the separators and the symbol the sample shows', () => {
    const de = compileAmountFormat(readAmountFormat('1.234,56 €')!);
    expect(de('1.234,5 €')).toBe('1234.5');
    expect(de('12,50')).toBe('12.50');
    expect(de('-1.234.567,89€')).toBe('-1234567.89');
    expect(de('1234')).toBe('1234');
    for (const bad of ['$12.50', '12.50', '1.23,4', '12,', '€ 1,00 $']) expect(de(bad)).toBeUndefined();
    const us = compileAmountFormat(readAmountFormat('$1,234.56')!);
    expect(us('$1,234')).toBe('1234');
    expect(us('-$9.99')).toBe('-9.99');
    expect(us('€9.99')).toBeUndefined();
    const fr = compileAmountFormat(readAmountFormat('1 234,56')!);
    expect(fr('1\u00a0234\u202f567,5')).toBe('1234567.5');
    const comma = compileAmountFormat(readAmountFormat('1234,56')!);
    expect(comma('12,50')).toBe('12.50');
    expect(comma('1.234,50')).toBeUndefined();
  });
});

describe('dates of real exports', () => {
  it('Excel serials (1900 system, with its 1900-02-29)', () => {
    expect(dayOfExcelSerial(40513.35)).toBe(day(2010, 12, 1));
    expect(dayOfExcelSerial(1)).toBe(day(1900, 1, 1));
    expect(dayOfExcelSerial(59)).toBe(day(1900, 2, 28));
    expect(dayOfExcelSerial(60)).toBeUndefined();
    expect(dayOfExcelSerial(61)).toBe(day(1900, 3, 1));
    expect(dayOfExcelSerial(2_958_465)).toBe(day(9999, 12, 31));
    expect(dayOfExcelSerial(0)).toBeUndefined();
    expect(compileDateFormat('excel')?.('40513')).toBe(day(2010, 12, 1));
    expect(compileDateFormat('excel')?.('0x10')).toBeUndefined();
  });
  it('M/d/yyyy and MM/dd/yyyy, with a time after the date', () => {
    const us = compileDateFormat('M/d/yyyy');
    expect(us?.('12/1/2010 8:26')).toBe(day(2010, 12, 1));
    expect(us?.('1/31/2011')).toBe(day(2011, 1, 31));
    expect(us?.('2/30/2011')).toBeUndefined();
    expect(us?.('12/1/2010 noon')).toBeUndefined();
    expect(compileDateFormat('MM/dd/yyyy')?.('03/10/2024 11:30 PM')).toBe(day(2024, 3, 10));
    expect(compileDateFormat('MM/dd/yyyy')?.('3/10/2024')).toBeUndefined();
  });
  it('one time-zone rule for Date objects and ISO strings', () => {
    const newYork = instantDayReader('America/New_York');
    expect(newYork).toBeDefined();
    const instant = '2024-01-10T23:30:00-05:00'; // 04:30 UTC on 2024-01-11
    expect(parseDay(instant)).toBe(day(2024, 1, 11));
    expect(parseDay(new Date(instant))).toBe(day(2024, 1, 11));
    expect(parseDay(instant, newYork)).toBe(day(2024, 1, 10));
    expect(parseDay(new Date(instant), newYork)).toBe(day(2024, 1, 10));
    // 2024-03-10 is the first day of summer time there: 23:30 at -05:00 is 00:30 EDT on the 11th.
    expect(parseDay('2024-03-10T23:30:00-05:00', newYork)).toBe(day(2024, 3, 11));
    expect(parseDay('2024-03-10 23:30:00', newYork)).toBe(day(2024, 3, 10)); // no zone: the day written
    expect(parseDay('2024-01-10 23:30:00 UTC', newYork)).toBe(day(2024, 1, 10)); // 18:30 in New York
    expect(parseDay('2024-01-10 03:30:00 UTC', newYork)).toBe(day(2024, 1, 9));
    expect(parseDay('2024-01-10 03:30:00 +0100')).toBe(day(2024, 1, 10));
    expect(parseDay('2024-03-10T25:00')).toBeUndefined();
    expect(parseDay('2024-03-10 noon')).toBeUndefined();
    expect(instantDayReader('Mars/Olympus')).toBeUndefined();
    // Tokyo is 9 h ahead: 20:00 UTC is the next day there.
    expect(instantDayReader('Asia/Tokyo')?.(Date.UTC(2024, 0, 1, 20))).toBe(day(2024, 1, 2));
    // Monrovia kept −0:44:30 until 1972: its midnight falls inside a UTC quarter hour (00:44:30 UTC), so the
    // quarter 00:30–00:45 UTC holds two local days; each instant is dated by itself.
    const monrovia = instantDayReader('Africa/Monrovia');
    expect(monrovia?.(Date.UTC(1970, 5, 1, 0, 30))).toBe(day(1970, 5, 31)); // 23:45:30 local
    expect(monrovia?.(Date.UTC(1970, 5, 1, 0, 44, 15))).toBe(day(1970, 5, 31)); // 23:59:45 local
    expect(monrovia?.(Date.UTC(1970, 5, 1, 0, 44, 45))).toBe(day(1970, 6, 1)); // 00:00:15 local
  });
  it('the summarizer dates instants in its timeZone option', () => {
    const rows = [
      { customerId: 1, date: new Date('2024-01-01T20:00:00Z') },
      { customerId: 1, date: '2024-01-05T20:00:00Z' },
    ];
    expect(summarizeTransactions(rows).customers[0]?.firstPurchase).toBe('2024-01-01');
    const tokyo = summarizeTransactions(rows, { timeZone: 'Asia/Tokyo' }).customers[0];
    expect(tokyo).toMatchObject({ firstPurchase: '2024-01-02', lastPurchase: '2024-01-06' });
    expect(() => createSummarizer({ timeZone: 'Nowhere/Land' })).toThrow(ClvValidationError);
  });
});

describe('exchange rates by date', () => {
  const table = createExchangeRateTable(
    [
      { date: '2024-01-01', currency: 'EUR', rate: '0.86' },
      { date: '2024-02-01', currency: 'eur', rate: '0.8512345' },
    ],
    'GBP',
  );
  it('the rate on or before the day, exact; the reporting currency is 1', () => {
    expect(table.rateOn('EUR', day(2024, 1, 31))?.toString()).toBe('0.86');
    expect(table.rateOn('EUR', day(2024, 6, 1))?.toString()).toBe('0.8512345');
    expect(table.rateOn('EUR', day(2023, 12, 31))).toBeUndefined();
    expect(table.rateOn('GBP', 0)?.toString()).toBe('1');
    expect(table.rateOn('USD', day(2024, 6, 1))).toBeUndefined();
  });
  it('bad rows and duplicate dates are errors naming the row', () => {
    expect(() => createExchangeRateTable([{ date: '2024-01-01', currency: 'EUR', rate: 0 }], 'GBP')).toThrow(
      'rates[0].rate: expected a rate above 0',
    );
    expect(() =>
      createExchangeRateTable(
        [
          { date: '2024-01-01', currency: 'EUR', rate: 1 },
          { date: '2024-01-01', currency: 'EUR', rate: 2 },
        ],
        'GBP',
      ),
    ).toThrow('EUR has two on 2024-01-01');
  });
});

describe('groupOrderLines: the library pre-step for invoice lines', () => {
  const lines = [
    { orderId: 'A1', customerId: 7, date: '2024-01-02 10:00', quantity: 6, unitPrice: '2.55' },
    { orderId: 'B1', customerId: 8, date: '2024-01-02', quantity: '1', unitPrice: '10' },
    { orderId: 'A1', customerId: 7, date: '2024-01-01 23:59', quantity: 2, unitPrice: '1.25' },
  ];
  it('one order per order id, its amount the exact sum, dated by its earliest line', () => {
    const { transactions, value } = groupOrderLines(lines);
    expect(value).toBe('revenue');
    expect(transactions).toEqual([
      { customerId: 7, date: '2024-01-01', amount: '17.8' },
      { customerId: 8, date: '2024-01-02', amount: '10' },
    ]);
    const [c7] = summarizeTransactions(transactions).customers;
    expect(c7).toMatchObject({ orderCount: 1 });
    expect(c7?.totalSpend.toString()).toBe('17.8');
  });
  it('profit by margin or by cost, converted at the rate of the order day', () => {
    expect(groupOrderLines(lines, { margin: '0.3' }).transactions[0]?.amount).toBe('5.34');
    const costed = lines.map((l) => ({ ...l, cost: '1' }));
    expect(groupOrderLines(costed, { value: 'profit' }).transactions[0]?.amount).toBe('15.8');
    const rates = createExchangeRateTable([{ date: '2023-12-01', currency: 'EUR', rate: '0.5' }], 'GBP');
    const euros = lines.map((l) => ({ ...l, currency: 'EUR' }));
    expect(groupOrderLines(euros, { rates }).transactions[0]?.amount).toBe('8.9');
  });
  it('refuses lines of another customer, a negative profit and mixed currencies without rates', () => {
    expect(() =>
      groupOrderLines([...lines, { orderId: 'A1', customerId: 9, date: '2024-01-01', amount: 1 }]),
    ).toThrow('lines[3].customerId: expected 7, as lines[0] of order A1');
    expect(() =>
      groupOrderLines(
        lines.map((l) => ({ ...l, cost: '100' })),
        { value: 'profit' },
      ),
    ).toThrow('profit = amount − cost is below 0');
    expect(() =>
      groupOrderLines([
        { ...lines[0]!, currency: 'EUR' },
        { ...lines[1]!, currency: 'USD' },
      ]),
    ).toThrow('options.rates: expected a rate table: the lines are in 2 currencies (EUR, USD)');
    expect(() => groupOrderLines(lines, { margin: 2 })).toThrow('options.margin');
  });
  it("refunds on lines: one return per order on its day, netted by returns: 'net' (the CLI's --refund-col)", () => {
    // A1 (17.80) with 2.55 refunded on one line and 1.25 on the other; B1 (10) refunded in full.
    const refunded = [
      { ...lines[0]!, refund: '2.55' },
      { ...lines[1]!, refund: 10 },
      { ...lines[2]!, refund: '1.25' },
    ];
    const { transactions } = groupOrderLines(refunded);
    expect(transactions).toEqual([
      { customerId: 7, date: '2024-01-01', amount: '17.8' },
      { customerId: 7, date: '2024-01-01', amount: '-3.8' },
      { customerId: 8, date: '2024-01-02', amount: '10' },
      { customerId: 8, date: '2024-01-02', amount: '-10' },
    ]);
    const summary = summarizeTransactions(transactions, { returns: 'net' });
    // Customer 8's one purchase came back whole: no occasion left, left out of the figures and counted.
    expect(summary.customers.map((c) => [c.customerId, c.totalSpend.toString()])).toEqual([[7, '14']]);
    expect(summary.returns?.customersWithoutPurchase).toBe(1);
    // In the reporting currency at the order day's rate, as the amount.
    const rates = createExchangeRateTable([{ date: '2023-12-01', currency: 'EUR', rate: '0.5' }], 'GBP');
    const euros = refunded.map((l) => ({ ...l, currency: 'EUR' }));
    expect(groupOrderLines(euros, { rates }).transactions[1]?.amount).toBe('-1.9');
    expect(() => groupOrderLines([{ ...lines[0]!, refund: -1 }])).toThrow(
      'lines[0].refund: expected the amount refunded, 0 or more',
    );
    expect(() => groupOrderLines(refunded, { margin: '0.3' })).toThrow("no refund with value 'profit'");
  });
  it("orderLevelFields: an order's amount, currency and refund on one of its lines (Shopify's orders export, the CLI's --order-col)", () => {
    // The rows of the CLI's Shopify test: Total, Currency and Refunded Amount on an order's first line only.
    const shopify = [
      {
        orderId: '#1001',
        customerId: 'a@x.com',
        date: '2024-01-05T10:00:00-05:00',
        amount: '22.00',
        currency: 'USD',
        refund: '2',
      },
      {
        orderId: '#1001',
        customerId: 'a@x.com',
        date: '2024-01-05T10:00:00-05:00',
        amount: '',
        currency: '',
        refund: '',
      },
      {
        orderId: '#1002',
        customerId: 'a@x.com',
        date: '2024-01-09T10:00:00-05:00',
        amount: '11.00',
        currency: 'USD',
      },
      {
        orderId: '#1003',
        customerId: 'b@x.com',
        date: '2024-02-01T23:30:00-05:00',
        amount: '55.00',
        currency: 'USD',
      },
      { orderId: '#1003', customerId: 'b@x.com', date: '2024-02-01T23:30:00-05:00' },
    ];
    expect(groupOrderLines(shopify, { orderLevelFields: true }).transactions).toEqual([
      { customerId: 'a@x.com', date: '2024-01-05', amount: '22' },
      { customerId: 'a@x.com', date: '2024-01-05', amount: '-2' },
      { customerId: 'a@x.com', date: '2024-01-09', amount: '11' },
      // 23:30 at −05:00 is 04:30 UTC the next day (the default timeZone), as in the CLI.
      { customerId: 'b@x.com', date: '2024-02-02', amount: '55' },
    ]);
    // Without the option every line gives its amount: the blank is refused, never read as 0.
    expect(() => groupOrderLines(shopify)).toThrow(
      'lines[1].amount: expected an amount (or quantity and unitPrice)',
    );
    // An order none of whose lines gives the amount, or (when other orders give one) the currency, is refused.
    const blank = { orderId: '#1004', customerId: 'c@x.com', date: '2024-02-03' };
    expect(() => groupOrderLines([...shopify, blank, blank], { orderLevelFields: true })).toThrow(
      'lines[5].amount: expected an amount on one of the lines of its order (2 without)',
    );
    expect(() => groupOrderLines([...shopify, { ...blank, amount: 7 }], { orderLevelFields: true })).toThrow(
      'lines[5].currency: expected a currency on one of the lines of its order (other orders give one)',
    );
    // A second currency on a line of the order is still a conflict.
    expect(() =>
      groupOrderLines([...shopify, { ...shopify[4]!, currency: 'EUR' }], { orderLevelFields: true }),
    ).toThrow('lines[5].currency: expected USD, as lines[3] of order #1003');
    expect(() => groupOrderLines(shopify, { orderLevelFields: 1 as never })).toThrow(
      'options.orderLevelFields: expected true or false',
    );
  });
});

describe('groupOrderLines (property)', () => {
  const line = fc.record({
    orderId: fc.constantFrom('o1', 'o2', 'o3', 'o4'),
    day: fc.integer({ min: 1, max: 28 }),
    quantity: fc.integer({ min: -5, max: 50 }),
    cents: fc.integer({ min: 0, max: 99_999 }),
    mills: fc.integer({ min: 0, max: 9 }),
  });
  it('an order is the exact Decimal sum of its lines, dated by the earliest, in any line order', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.integer(), (raw, seed) => {
        // One customer per order id, so no line is refused.
        const lines = raw.map((l) => ({
          orderId: l.orderId,
          customerId: `c-${l.orderId}`,
          date: `2024-02-${String(l.day).padStart(2, '0')}T12:00:00Z`,
          quantity: l.quantity,
          unitPrice: new Decimal(l.cents).div(100).add(new Decimal(l.mills).div(1000)).toFixed(),
        }));
        const expected = new Map<string, { sum: Decimal; day: number }>();
        for (const l of lines) {
          const e = expected.get(l.orderId) ?? { sum: new Decimal(0), day: 99 };
          e.sum = e.sum.add(new Decimal(l.quantity).mul(l.unitPrice));
          e.day = Math.min(e.day, Number(l.date.slice(8, 10)));
          expected.set(l.orderId, e);
        }
        const shuffled = [...lines].sort(
          (a, b) => ((a.quantity * 31 + seed) % 7) - ((b.quantity * 31 + seed) % 7),
        );
        for (const input of [lines, shuffled]) {
          const { transactions } = groupOrderLines(input);
          expect(transactions).toHaveLength(expected.size);
          for (const t of transactions) {
            const e = expected.get(String(t.customerId).slice(2));
            expect(new Decimal(t.amount).eq(e?.sum ?? -1)).toBe(true);
            expect(t.date).toBe(`2024-02-${String(e?.day).padStart(2, '0')}`);
          }
        }
      }),
    );
  });
});
