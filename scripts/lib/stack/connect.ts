// Connects a tenant to a new emulator company the way a BPro user does: our API's connect link,
// the consent page (where the user would pick the company), then our OAuth callback.
import { z } from 'zod';
import type { ApiClient } from './api-client';
import type { StackEmulator } from './emulator';

const realmView = z.object({ realmId: z.string() });
const authorizeView = z.object({ authorizeUrl: z.string() });

/**
 * Creates the company (`country`: e.g. `CA` for a Canadian one; default the emulator's US), runs the
 * consent flow for `tenantId`; returns the company's realm id.
 */
export async function connectEmulatorCompany(
  api: ApiClient,
  emulator: Pick<StackEmulator, 'control'>,
  tenantId: string,
  companyName: string,
  country?: string,
): Promise<string> {
  const realm = { companyName, ...(country ? { country } : {}) };
  const { realmId } = realmView.parse(await (await emulator.control('POST', '/realms', realm)).json());
  const { authorizeUrl } = await api.json(
    authorizeView,
    `/api/v1/tenants/${tenantId}/qbo/connect?format=json`,
  );
  const consentUrl = new URL(authorizeUrl);
  consentUrl.searchParams.set('realmId', realmId);
  const consent = await fetch(consentUrl, { redirect: 'manual' });
  const callback = await fetch(consent.headers.get('location') ?? '', { redirect: 'manual' });
  if (callback.status !== 200)
    throw new Error(`OAuth callback answered ${callback.status}: ${await callback.text()}`);
  return realmId;
}
