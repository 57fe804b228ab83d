// How many records to generate: the size presets, a preset with overrides, and the check that the
// counts can be satisfied (orders need customers and products, refunds need payments, ...).

/** How many of each record to generate. Payment methods (8), terms and tax groups are fixed lists. */
export type BproSizes = {
  categories: number;
  products: number;
  /** Top-level customers. */
  customers: number;
  /** Jobs (sub-customers), on top of `customers`. */
  jobs: number;
  orders: number;
  payments: number;
  refunds: number;
};

export const sizePresets = {
  tiny: { categories: 6, products: 16, customers: 16, jobs: 4, orders: 24, payments: 24, refunds: 3 },
  small: { categories: 15, products: 60, customers: 80, jobs: 20, orders: 150, payments: 150, refunds: 15 },
  demo: { categories: 25, products: 150, customers: 300, jobs: 80, orders: 800, payments: 800, refunds: 40 },
  bench: {
    categories: 50,
    products: 500,
    customers: 2000,
    jobs: 500,
    orders: 5000,
    payments: 5000,
    refunds: 200,
  },
} as const satisfies Record<string, BproSizes>;

export type SizePresetName = keyof typeof sizePresets;
export const sizePresetNames = Object.keys(sizePresets) as SizePresetName[];

/** A preset with per-entity overrides. */
export function resolveSizes(preset: SizePresetName, overrides: Partial<BproSizes> = {}): BproSizes {
  const sizes: BproSizes = { ...sizePresets[preset] };
  for (const key of Object.keys(sizes) as (keyof BproSizes)[]) {
    const value = overrides[key];
    if (value !== undefined) sizes[key] = value;
  }
  return sizes;
}

export function validateSizes(sizes: BproSizes): void {
  for (const [key, value] of Object.entries(sizes)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`sizes.${key} must be a whole number ≥ 0`);
  }
  const need = (condition: boolean, message: string) => {
    if (!condition) throw new RangeError(message);
  };
  need(sizes.jobs === 0 || sizes.customers > 0, 'jobs need at least one customer');
  need(
    sizes.orders === 0 || (sizes.customers > 0 && sizes.products > 0),
    'orders need customers and products',
  );
  need(sizes.payments === 0 || sizes.customers > 0, 'payments need at least one customer');
  need(sizes.refunds === 0 || sizes.payments > 0, 'refunds need payments');
}
