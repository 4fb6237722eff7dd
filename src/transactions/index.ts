export {
  civilFromDay,
  DAYS_PER_UNIT,
  dayFromCivil,
  formatDay,
  type Granularity,
  grainOf,
  grainStart,
  parseDay,
  TIME_UNITS,
  type TimeUnit,
} from './calendar.js';
export { compileDateFormat, type DayReader } from './dateFormat.js';
export { type Cohort, type CohortRetention, cohortRetention } from './cohortRetention.js';
export {
  type CustomerSummary,
  createSummarizer,
  type RejectedRow,
  type Summarizer,
  type SummaryColumns,
  type SummaryResult,
  type Transaction,
  toSummaryColumns,
} from './createSummarizer.js';
export { type SimulateOrderLogInput, SimulateOrderLogSchema, simulateOrderLog } from './simulateOrderLog.js';
export { type SummarizeOptions, SummarizeOptionsSchema } from './summarizeOptions.js';
export { summarizeTransactions } from './summarizeTransactions.js';
