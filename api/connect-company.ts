// At connect, with the tokens just obtained: the company's name and kind, and the refusal of a
// company the sync does not support (outside the US and Canada), whose tokens are then revoked at
// Intuit.
import { z } from 'zod';
import { readCompanyKind, unsupportedCompanyReason, type CompanyKind } from '../activities/qbo/company-kind';
import type { OAuthTokens } from '../activities/qbo/oauth';
import type { QboServices } from '../activities/qbo/services';
import { HttpError } from './middleware/errors';

export const UNSUPPORTED_COMPANY = 'unsupported_company';

/**
 * Reads CompanyInfo and Preferences with the new tokens (not yet stored). A company outside the
 * US and Canada (UK, Australia, …) is refused (403 `unsupported_company`, details
 * `{ tenantId, country }`): nothing is saved and the grant is revoked, so the app does not stay
 * connected to a company it will never write to. A Canadian company is stored like a US one: its
 * country (kept on the connection) gives its syncs the Canadian tax model (company-kind.ts).
 */
export async function readConnectingCompany(
  qbo: QboServices,
  tenantId: string,
  realmId: string,
  tokens: OAuthTokens,
): Promise<{ companyName: string } & CompanyKind> {
  const fresh = { accessToken: () => Promise.resolve({ accessToken: tokens.accessToken, realmId }) };
  const company = await readCompanyKind(qbo.clientFor(tenantId, fresh));
  const refusal = unsupportedCompanyReason(company);
  if (refusal === null) return company;
  // Best effort: tokens that are never stored are unusable to us anyway; revoking also takes the
  // app off the company's connected apps at Intuit. A failure there must not hide the reason.
  await qbo.oauth.revoke(tokens.refreshToken).catch(() => undefined);
  throw new HttpError(403, UNSUPPORTED_COMPANY, refusal, { tenantId, country: company.country });
}

const refusalDetails = z.object({ tenantId: z.string(), country: z.string() });

/** The tenant and country of an `unsupported_company` refusal, else null. */
export function refusedCompany(error: HttpError): { tenantId: string; country: string } | null {
  if (error.code !== UNSUPPORTED_COMPANY) return null;
  const details = refusalDetails.safeParse(error.details);
  return details.success ? details.data : null;
}
