export * from './bpro';
export * from './qbo-sync';
export * from './api-rate-limits';
export * from './tax-mapping';
