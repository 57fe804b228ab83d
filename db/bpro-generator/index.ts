// The BPro data generator: deterministic BPro records for the demo, the tests and the benchmarks.
export { DEFAULT_TODAY, HISTORY_DAYS } from './context';
export {
  bproTableOrder,
  datasetCounts,
  datasetOrderTotals,
  type BproDataset,
  type BproTableName,
  type CategoryRow,
  type CustomerRow,
  type OrderLineRow,
  type OrderRow,
  type PaymentMethodRow,
  type PaymentRow,
  type ProductRow,
  type RefundRow,
  type TaxRateRow,
  type TaxRow,
  type TermRow,
} from './dataset';
export { generateBproDataset, type GenerateBproOptions } from './generate';
export { DEFAULT_PAYMENT_METHODS } from './reference-data';
export { resolveSizes, sizePresetNames, sizePresets, type BproSizes, type SizePresetName } from './sizes';
export { findBproDatasetProblems } from './check';
export * from './money';
export { Random } from './random';
export { bproTenantHasData, deleteBproTenant, writeBproDataset } from './write';
