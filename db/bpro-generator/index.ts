// The BPro data generator: deterministic BPro records for the demo, the tests and the benchmarks.
export {
  DEFAULT_PAYMENT_METHODS,
  DEFAULT_TODAY,
  HISTORY_DAYS,
  bproTableOrder,
  datasetCounts,
  datasetOrderTotals,
  generateBproDataset,
  resolveSizes,
  sizePresetNames,
  sizePresets,
  type BproDataset,
  type BproSizes,
  type BproTableName,
  type CategoryRow,
  type CustomerRow,
  type GenerateBproOptions,
  type OrderLineRow,
  type OrderRow,
  type PaymentMethodRow,
  type PaymentRow,
  type ProductRow,
  type RefundRow,
  type SizePresetName,
  type TaxRateRow,
  type TaxRow,
  type TermRow,
} from './generate';
export { findBproDatasetProblems } from './check';
export * from './money';
export { Random } from './random';
export { bproTenantHasData, deleteBproTenant, writeBproDataset } from './write';
