import { join } from 'node:path';

/** The UCI Online Retail files (../shared/data/online-retail/, see ../shared/data/README.md). */
export const ONLINE_RETAIL_DIR = join(import.meta.dirname, '../../../shared/data/online-retail');

/**
 * The usual reading of the UCI Online Retail files from the CLI, by the reader's own rules (the tests' and the
 * benchmark's): line amount = Quantity × Price, lines grouped into orders by Invoice, price-0 lines left out,
 * bad rows (no customer id, a cancellation's negative order) counted rather than stopping the run.
 */
export const ONLINE_RETAIL_FLAGS = [
  '--quantity-col',
  'Quantity',
  '--price-col',
  'Price',
  '--order-col',
  'Invoice',
  '--zero-amounts',
  'skip',
  '--on-bad-row',
  'skip',
  '--quiet',
] as const;
