// The product catalog: rentals, retail goods and services with prices, costs and stock, the awkward
// names placed at random rows, and a few product numbers that differ only in case.
import { maybeEdited, type Context } from './context';
import type { CategoryRow, ProductRow } from './dataset';
import { at } from './days';
import { formatMoney, formatQuantity } from './money';
import { PRODUCT_WORDS } from './catalog-words';
import { AWKWARD_PRODUCTS } from './names';
import type { Random } from './random';
import { pad, price, uniqueName } from './values';

export function generateProducts(
  ctx: Context,
  rng: Random,
  count: number,
  categories: CategoryRow[],
): ProductRow[] {
  const awkwardAt = new Map<number, (typeof AWKWARD_PRODUCTS)[number]>();
  rng
    .sample(
      Array.from({ length: count }, (_, i) => i),
      AWKWARD_PRODUCTS.length,
    )
    .forEach((index, k) => {
      const awkward = AWKWARD_PRODUCTS[k];
      if (awkward) awkwardAt.set(index, awkward);
    });
  const names = new Set<string>(AWKWARD_PRODUCTS.map((p) => p.name));
  const rows: ProductRow[] = [];
  for (let i = 0; i < count; i++) {
    const awkward = awkwardAt.get(i);
    const kind =
      awkward?.kind ??
      rng.weighted<ProductRow['kind']>([
        ['rental', 5],
        ['retail', 3],
        ['service', 2],
      ]);
    let name: string;
    if (awkward) name = awkward.name;
    else {
      const [first = [], second = [], third = []] = PRODUCT_WORDS[kind];
      name = uniqueName(names, `${rng.pick(first)} ${rng.pick(second)}${rng.pick(third)}`.trim());
    }
    const description =
      awkward?.description ??
      (rng.chance(0.55) ? `${name.trim()}${rng.pick(['', ' — rental', ', per day', ' (each)'])}` : null);
    const trackInventory = kind !== 'service' && rng.chance(0.75);
    let qtyOnHand: string | null = null;
    if (trackInventory) {
      qtyOnHand =
        kind === 'retail' && rng.chance(0.35)
          ? formatQuantity(rng.int(1, 5_000_000))
          : formatQuantity(rng.int(0, 400) * 10_000);
    }
    let salePrice: number | null = null;
    let rentalPrice: number | null = null;
    let cost: number | null = null;
    if (kind === 'rental') {
      rentalPrice = rng.chance(0.7) ? price(rng, 1, 60) : price(rng, 60, 1500);
      if (rng.chance(0.3)) salePrice = rentalPrice * rng.int(4, 10);
      if (rng.chance(0.6)) cost = Math.round(rentalPrice * (rng.int(200, 600) / 100));
    } else if (kind === 'retail') {
      salePrice = price(rng, 0, 199);
      if (rng.chance(0.85)) cost = Math.max(1, Math.round((salePrice * rng.int(35, 75)) / 100));
    } else {
      salePrice = price(rng, 15, 250);
      if (rng.chance(0.2)) cost = Math.round((salePrice * rng.int(30, 60)) / 100);
    }
    const prefix = { rental: 'R', retail: 'S', service: 'SV' }[kind];
    const createdAt = at(ctx.setupDay + rng.int(1, 40), rng.int(9 * 60, 17 * 60));
    rows.push({
      tenantId: ctx.tenantId,
      id: `prd-${pad(i + 1, 5)}`,
      createdAt,
      updatedAt: maybeEdited(ctx, rng, createdAt, 0.3),
      categoryId: categories.length > 0 && rng.chance(0.9) ? rng.pick(categories).id : null,
      name,
      description,
      productNumber: rng.chance(0.06) ? null : `${prefix}-${pad(i + 1, 4)}`,
      kind,
      trackInventory,
      qtyOnHand,
      cost: cost === null ? null : formatMoney(cost),
      salePrice: salePrice === null ? null : formatMoney(salePrice),
      rentalPrice: rentalPrice === null ? null : formatMoney(rentalPrice),
      isActive: rng.chance(0.92),
    });
  }
  // Product numbers (QBO Skus) that differ only in case: one pair per ~40 products, at least one.
  const numbered = rows.filter((row) => row.productNumber !== null);
  const pairs = numbered.length >= 2 ? Math.max(1, Math.floor(count / 40)) : 0;
  const chosen = rng.sample(numbered, pairs * 2);
  for (let k = 0; k + 1 < chosen.length; k += 2) {
    const source = chosen[k];
    const target = chosen[k + 1];
    if (source?.productNumber && target) target.productNumber = source.productNumber.toLowerCase();
  }
  return rows;
}
