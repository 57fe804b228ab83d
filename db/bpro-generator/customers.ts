// Customers: people and companies created over the history (awkward names placed at random rows),
// then jobs (sub-customers) under them that inherit their contact details unless they have their own.
import { maybeEdited, type Context } from './context';
import type { CustomerRow } from './dataset';
import { at, dayOf, sortedDays } from './days';
import {
  AWKWARD_CUSTOMERS,
  CITIES,
  COMPANY_ROOTS,
  COMPANY_SUFFIXES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  JOB_NAMES,
  LAST_NAMES,
  STREETS,
  asciiSlug,
} from './names';
import type { Random } from './random';
import { pad, uniqueName } from './values';

function phone(rng: Random): string {
  return `(${rng.int(201, 989)}) 555-${pad(rng.int(0, 9999), 4)}`;
}

type Cities = readonly (readonly [city: string, region: string, postalPrefix: string, country: string])[];

function address(rng: Random, cities: Cities) {
  const [city, region, postalPrefix, country] = rng.pick(cities);
  const postalCode =
    country === 'CA'
      ? `${postalPrefix} ${rng.int(0, 9)}${rng.pick(['A', 'B', 'C', 'E', 'H', 'J'])}${rng.int(0, 9)}`
      : `${postalPrefix}${pad(rng.int(1, 99), 2)}`;
  return { addressLine1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`, city, region, postalCode, country };
}

/** `cities`: where customers live (a Canadian tenant's from canada.ts). */
export function generateCustomers(
  ctx: Context,
  rng: Random,
  count: number,
  jobCount: number,
  cities: Cities = CITIES,
): CustomerRow[] {
  const awkwardAt = new Map<number, (typeof AWKWARD_CUSTOMERS)[number]>();
  rng
    .sample(
      Array.from({ length: count }, (_, i) => i),
      AWKWARD_CUSTOMERS.length,
    )
    .forEach((index, k) => {
      const awkward = AWKWARD_CUSTOMERS[k];
      if (awkward) awkwardAt.set(index, awkward);
    });
  const taken = new Set<string>(
    AWKWARD_CUSTOMERS.map((c) => (c.kind === 'company' ? c.companyName : `${c.firstName} ${c.lastName}`)),
  );
  const days = sortedDays(rng, count, ctx.customersStart, ctx.today - 7);
  if (days.length > 0) days[0] = ctx.customersStart; // someone exists before the first order
  const rows: CustomerRow[] = [];
  for (let i = 0; i < count; i++) {
    const awkward = awkwardAt.get(i);
    const isCompany = awkward ? awkward.kind === 'company' : rng.chance(0.45);
    let companyName: string | null = null;
    let firstName: string | null = null;
    let lastName: string | null = null;
    let displayName: string;
    if (awkward?.kind === 'company') {
      companyName = awkward.companyName;
      firstName = awkward.firstName ?? null;
      lastName = awkward.lastName ?? null;
      displayName = companyName;
    } else if (awkward?.kind === 'person') {
      firstName = awkward.firstName;
      lastName = awkward.lastName;
      displayName = `${firstName} ${lastName}`;
    } else if (isCompany) {
      const rootName = rng.pick(COMPANY_ROOTS);
      const suffix = rng.pick(COMPANY_SUFFIXES);
      const city = rng.pick(cities)[0];
      companyName = uniqueName(taken, `${rootName} ${suffix}`, [`${rootName} ${suffix} of ${city}`]);
      displayName = companyName;
      if (rng.chance(0.5)) {
        firstName = rng.pick(FIRST_NAMES);
        lastName = rng.pick(LAST_NAMES);
      }
    } else {
      firstName = rng.pick(FIRST_NAMES);
      lastName = rng.pick(LAST_NAMES);
      const initial = String.fromCharCode(65 + rng.int(0, 25));
      displayName = uniqueName(taken, `${firstName} ${lastName}`, [`${firstName} ${initial}. ${lastName}`]);
    }
    const createdAt = at(days[i] ?? ctx.customersStart, rng.int(8 * 60, 18 * 60));
    const emailLocal =
      firstName && lastName ? `${asciiSlug(firstName)}.${asciiSlug(lastName)}` : asciiSlug(displayName);
    const place = rng.chance(0.85) ? address(rng, cities) : null;
    rows.push({
      tenantId: ctx.tenantId,
      id: `cus-${pad(i + 1, 5)}`,
      createdAt,
      updatedAt: maybeEdited(ctx, rng, createdAt, 0.25),
      parentId: null,
      displayName,
      companyName,
      firstName,
      lastName,
      email: rng.chance(0.8) ? `${emailLocal.slice(0, 40) || 'info'}@${rng.pick(EMAIL_DOMAINS)}` : null,
      phone: rng.chance(0.85) ? phone(rng) : null,
      addressLine1: place?.addressLine1 ?? null,
      city: place?.city ?? null,
      region: place?.region ?? null,
      postalCode: place?.postalCode ?? null,
      country: place?.country ?? null,
      isActive: rng.chance(0.93),
    });
  }
  const topLevel = [...rows];
  const activeParents = topLevel.filter((row) => row.isActive);
  for (let j = 0; j < jobCount; j++) {
    const parent = rng.chance(0.9) && activeParents.length > 0 ? rng.pick(activeParents) : rng.pick(topLevel);
    const parentDay = dayOf(parent.createdAt);
    const createdAt = at(
      rng.int(parentDay + 1, Math.max(parentDay + 1, ctx.today - 1)),
      rng.int(8 * 60, 18 * 60),
    );
    const year = new Date(createdAt).getUTCFullYear();
    const jobName = rng.pick(JOB_NAMES);
    const base = parent.companyName
      ? rng.chance(0.5)
        ? `${jobName} ${year}`
        : `${rng.int(1, 9999)} ${rng.pick(STREETS)}`
      : `${parent.lastName ?? parent.displayName.trim()} ${jobName}`;
    const displayName = uniqueName(taken, base, [
      `${base} ${year}`,
      `${base} (${parent.displayName.trim()})`,
    ]);
    const place = rng.chance(0.6) ? address(rng, cities) : null;
    rows.push({
      tenantId: ctx.tenantId,
      id: `cus-${pad(count + j + 1, 5)}`,
      createdAt,
      updatedAt: maybeEdited(ctx, rng, createdAt, 0.2),
      parentId: parent.id,
      displayName,
      companyName: null,
      firstName: parent.firstName,
      lastName: parent.lastName,
      email: parent.email,
      phone: rng.chance(0.5) ? phone(rng) : parent.phone,
      addressLine1: place?.addressLine1 ?? parent.addressLine1,
      city: place?.city ?? parent.city,
      region: place?.region ?? parent.region,
      postalCode: place?.postalCode ?? parent.postalCode,
      country: place?.country ?? parent.country,
      isActive: parent.isActive && rng.chance(0.9),
    });
  }
  return rows;
}
