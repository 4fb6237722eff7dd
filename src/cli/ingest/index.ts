/** Reading transaction logs for the CLI: streaming CSV in, the core's summarizer out. */
export { type ColumnPlan, planColumns } from './columns.js';
export { type Delimiter, OPEN_QUOTE, readDelimiter, splitFields, trimField } from './fields.js';
export { type LineBatch, type NumberedLine, readLines } from './lines.js';
export { INGEST_FIELD_FLAGS, ingestHelp, ingestOptions } from './options.js';
export { openSource } from './source.js';
export { type FileSummary, ingestSettings, type SummaryNeeds, summarizeFile } from './summarizeFile.js';
