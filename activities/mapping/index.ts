// Pure BPro → QuickBooks Online mappers: BPro rows plus resolved QBO ids in, QBO request bodies
// out. No I/O, no clock, no environment.
export * from './names';
export * from './types';
export * from './update';
export * from './customer';
export * from './item';
export * from './item-accounts';
export * from './term';
export * from './tax';
export * from './tax-ca';
export * from './payment-method';
export * from './invoice';
export * from './payment';
export * from './refund';
export * from './source-hash';
