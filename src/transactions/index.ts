// Real exports: invoice lines into orders, number formats, exchange rates, profit, time zones.
export { type AmountFormat, compileAmountFormat, readAmountFormat } from './amountFormat.js';
export { blankFieldReason } from './blankFieldReason.js';
export {
  civilFromDay,
  DAYS_PER_UNIT,
  dayFormatter,
  dayFromCivil,
  dayOfExcelSerial,
  formatDay,
  type Granularity,
  grainOf,
  grainStart,
  type InstantDayReader,
  instantDayReader,
  parseDay,
  TIME_UNITS,
  type TimeUnit,
} from './calendar.js';
export { type Cohort, type CohortRetention, cohortRetention } from './cohortRetention.js';
export {
  type CustomerIdsOfKeys,
  type CustomerSummary,
  createSummarizer,
  type FinishOptions,
  type OutlierDates,
  type RejectedRow,
  type RepeatPurchasesByDay,
  type ReturnsAccount,
  type Summarizer,
  type SummaryColumns,
  type SummaryResult,
  type SummaryRfmColumns,
  type Transaction,
  toSummaryColumns,
} from './createSummarizer.js';
export { compileDateFormat, type DayReader } from './dateFormat.js';
export { discretePeriods, type PeriodFigures } from './discretePeriods.js';
export { createExchangeRateTable, type ExchangeRate, type ExchangeRateTable } from './exchangeRates.js';
export {
  type GroupedOrders,
  type GroupOrderLinesOptions,
  groupOrderLines,
  type OrderLine,
} from './orderLines.js';
export {
  type KeptDateRange,
  OUTLIER_DATES_MODES,
  type OutlierDatesMode,
  outlierDateReason,
  type PlausibleDays,
  plausibleDaysOfHistogram,
} from './outlierDays.js';
export {
  type SimulatedOrder,
  type SimulateOrderLogInput,
  SimulateOrderLogSchema,
  simulateOrderDays,
  simulateOrderLog,
  simulateOrders,
} from './simulateOrderLog.js';
export type { OrderRows } from './sortByCustomerDay.js';
export { BYTES_PER_HELD_ROW, type SortedRun, type SortedRunStore } from './sortedRunStore.js';
export { type OrderLogColumns, summarizeColumns } from './summarizeColumns.js';
export {
  type ReturnsMode,
  type SpillOptions,
  type SummarizeOptions,
  SummarizeOptionsSchema,
} from './summarizeOptions.js';
export { summarizeTransactions } from './summarizeTransactions.js';
