export * from './bpro';
export * from './qbo-sync';
