// The company's kind, read at connect: its country and subscription (CompanyInfo) and its
// currencies (Preferences.CurrencyPrefs). Which companies the sync supports (US, Canada) and the
// sales-tax model their documents follow are decided here too.
import { z } from 'zod';
import type { QboClient } from './client';

export type CompanyKind = {
  /** CompanyInfo.Country as QBO gives it ("US", "CA", or ISO alpha-3 "USA"…); null when absent. */
  country: string | null;
  /** Preferences.CurrencyPrefs.HomeCurrency ("USD"); null when absent. */
  homeCurrency: string | null;
  /** Preferences.CurrencyPrefs.MultiCurrencyEnabled (absent: off). */
  multicurrency: boolean;
  /** CompanyInfo NameValue `SubscriptionStatus` (SUBSCRIBED, TRIAL, …); null when absent. */
  subscriptionStatus: string | null;
};

const text = z.string().trim().min(1).max(100).optional().catch(undefined);

const companyInfoKind = z.looseObject({
  Country: text,
  NameValue: z
    .array(z.looseObject({ Name: z.unknown(), Value: z.unknown() }))
    .optional()
    .catch(undefined),
});

/** HomeCurrency is a reference (`{ value: "USD" }`); a plain string is taken too. */
const currencyCode = z
  .union([z.looseObject({ value: z.string() }).transform((r) => r.value), z.string()])
  .pipe(z.string().trim().min(1).max(10))
  .optional()
  .catch(undefined);

const preferencesKind = z.looseObject({
  CurrencyPrefs: z
    .looseObject({
      MultiCurrencyEnabled: z.boolean().optional().catch(undefined),
      HomeCurrency: currencyCode,
    })
    .optional()
    .catch(undefined),
});

/** The kind, from the CompanyInfo and Preferences objects as QBO answers them. */
export function companyKindOf(companyInfo: unknown, preferences: unknown): CompanyKind {
  const info = companyInfoKind.parse(companyInfo ?? {});
  const prefs = preferencesKind.parse(preferences ?? {});
  const status = info.NameValue?.find((nv) => nv.Name === 'SubscriptionStatus')?.Value;
  return {
    country: info.Country ?? null,
    homeCurrency: prefs.CurrencyPrefs?.HomeCurrency?.toUpperCase() ?? null,
    multicurrency: prefs.CurrencyPrefs?.MultiCurrencyEnabled ?? false,
    subscriptionStatus: typeof status === 'string' && status.trim() !== '' ? status.trim() : null,
  };
}

const US = new Set(['US', 'USA', 'UNITED STATES', 'UNITED STATES OF AMERICA']);
const CANADA = new Set(['CA', 'CAN', 'CANADA']);

/** Whether QBO's Country names the United States (ISO alpha-2 or alpha-3, or spelt out). */
export function isUnitedStates(country: string): boolean {
  return US.has(country.trim().toUpperCase());
}

/** Whether QBO's Country names Canada (ISO alpha-2 or alpha-3, or spelt out). */
export function isCanada(country: string): boolean {
  return CANADA.has(country.trim().toUpperCase());
}

/**
 * The sales-tax model a company's documents follow: `CA` (a real TaxCode on every sales line,
 * GlobalTaxCalculation, no TAX/NON; README "Canadian companies"), or undefined for the US model.
 */
export function taxModelOf(kind: Pick<CompanyKind, 'country'>): 'CA' | undefined {
  return kind.country !== null && isCanada(kind.country) ? 'CA' : undefined;
}

/**
 * Why the sync cannot serve this company, or null when it can: US and Canadian companies (other
 * countries' tax codes, VAT and tax-inclusive prices differ again). A company without a Country is
 * taken as US: every company QBO creates has one, and refusing on a missing field would lock a
 * user out.
 */
export function unsupportedCompanyReason(kind: Pick<CompanyKind, 'country'>): string | null {
  if (kind.country === null || isUnitedStates(kind.country) || isCanada(kind.country)) return null;
  return `Only US and Canadian QuickBooks companies are supported for now; this company is in ${kind.country}.`;
}

/** The currency documents carry: the home currency in a multicurrency company, else none (QBO's default). */
export function documentCurrency(kind: Pick<CompanyKind, 'homeCurrency' | 'multicurrency'>): string | null {
  return kind.multicurrency ? kind.homeCurrency : null;
}

/** Reads CompanyInfo and Preferences: the company's name and kind. */
export async function readCompanyKind(client: QboClient): Promise<{ companyName: string } & CompanyKind> {
  const [info, preferences] = await Promise.all([client.companyInfo(), client.preferences()]);
  return { companyName: info.CompanyName, ...companyKindOf(info, preferences) };
}
