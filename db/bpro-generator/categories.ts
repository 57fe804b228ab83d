// Product categories: a tree up to four levels deep (the first three rows guarantee three levels),
// names unique among siblings.
import { maybeEdited, type Context } from './context';
import type { CategoryRow } from './dataset';
import { at } from './days';
import { CATEGORY_NAMES } from './catalog-words';
import type { Random } from './random';
import { pad, uniqueName } from './values';

export function generateCategories(ctx: Context, rng: Random, count: number): CategoryRow[] {
  const rows: CategoryRow[] = [];
  const depth: number[] = [];
  const siblingNames = new Map<string, Set<string>>();
  for (let i = 0; i < count; i++) {
    let parentIndex: number | null;
    if (i === 0) parentIndex = null;
    else if (i === 1 || i === 2)
      parentIndex = i - 1; // guarantees three levels
    else {
      const candidates = depth.flatMap((d, index) => (d < 3 ? [index] : []));
      parentIndex = rng.chance(0.22) || candidates.length === 0 ? null : rng.pick(candidates);
    }
    const level = parentIndex === null ? 0 : (depth[parentIndex] ?? 0) + 1;
    const parentId = parentIndex === null ? null : (rows[parentIndex]?.id ?? null);
    const siblings = siblingNames.get(parentId ?? '') ?? new Set<string>();
    siblingNames.set(parentId ?? '', siblings);
    const pool = CATEGORY_NAMES[level] ?? CATEGORY_NAMES[0] ?? [];
    const free = pool.filter((name) => !siblings.has(name));
    const name = uniqueName(siblings, free.length > 0 ? rng.pick(free) : rng.pick(pool));
    const createdAt = at(ctx.setupDay + rng.int(0, 20), rng.int(9 * 60, 17 * 60));
    rows.push({
      tenantId: ctx.tenantId,
      id: `cat-${pad(i + 1, 4)}`,
      createdAt,
      updatedAt: maybeEdited(ctx, rng, createdAt, 0.1),
      name,
      parentId,
    });
    depth.push(level);
  }
  return rows;
}
