export { type ColumnSpec, type NumericColumn, readColumns } from './columns.js';
export {
  type CustomerColumns,
  type CustomerRow,
  type CustomersInput,
  customerColumns,
  frequencyRule,
  timeRule,
  totalWeight,
  weightRule,
} from './customers.js';
export {
  type FitCustomers,
  fitCustomers,
  groupingPays,
  type UngroupedCustomers,
  ungroupedCustomers,
} from './fitCustomers.js';
export { type GroupedCustomers, groupCustomers, type Levels, levels } from './groupCustomers.js';
export { type PairIndex, pairIndex } from './pairIndex.js';
