// Control endpoints under /__emulator (design.md §7): realms, clients, faults, limits, token
// expiry/revocation, stats and reset. Bodies are validated with zod.
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { companyControlRoutes } from './control-company';
import type { FaultInjector } from './faults';
import type { RateLimiter } from './limits';
import { expireRealmTokens, revokeRealm } from './oauth/service';
import type { EmulatorOptions } from './options';
import { createRealm } from './realms';
import { ENTITY_NAMES, type EmulatorStore } from './store';

export interface ControlDeps {
  store: EmulatorStore;
  options: EmulatorOptions;
  limiter: RateLimiter;
  faults: FaultInjector;
  reset: () => void;
}

const realmBody = z.object({
  companyName: z.string().trim().min(1).max(1024).default('Sandbox Company_US_1'),
  /** "CA" seeds a Canadian company (its tax codes, CAD, the global tax model); README. */
  country: z.string().trim().toUpperCase().min(2).max(3).default('US'),
  automatedSalesTax: z.boolean().default(false),
  multicurrency: z.boolean().default(false),
  /** Defaults to the country's currency: CAD for Canada, else USD. */
  homeCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD or CAD')
    .optional(),
});

const clientBody = z.object({
  clientId: z.string().min(1).max(200),
  clientSecret: z.string().min(1).max(200),
  redirectUris: z.array(z.url()).min(1),
});

const rate = z.number().min(0).max(1);
const faultsBody = z.object({
  realmId: z.string().min(1).optional(),
  errorRate: rate.optional(),
  throttleRate: rate.optional(),
  dropAfterCommitRate: rate.optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /** Only requests whose path after the realm starts with this (`null`: every request). */
  path: z.string().min(1).max(200).nullable().optional(),
  /** Inject at most this many faults, then none (`null`: no limit). */
  maxFaults: z.number().int().min(0).nullable().optional(),
});

const limit = z.number().int().positive().nullable();
const limitsBody = z.object({
  perMinute: limit.optional(),
  perSecond: limit.optional(),
  batchPerMinute: limit.optional(),
  timeScale: z.number().positive().max(1_000_000).optional(),
  /** Shortcut: false disables every limit, true restores QBO's numbers. */
  enabled: z.boolean().optional(),
});

function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({
    error: { code: 'invalid_request', message: 'Invalid request body', details: z.flattenError(error) },
  });
}

export function controlRouter(deps: ControlDeps): Router {
  const { store, options, limiter, faults } = deps;
  const r = express.Router();
  r.use(express.json({ limit: '1mb' }));

  r.post('/realms', (req, res) => {
    const parsed = realmBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const realm = createRealm(store, options, parsed.data);
    res.status(201).json({
      realmId: realm.realmId,
      companyName: realm.companyName,
      country: realm.country,
      multicurrency: realm.multicurrency,
      homeCurrency: realm.homeCurrency,
    });
  });

  r.post('/clients', (req, res) => {
    const parsed = clientBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    store.clients.set(parsed.data.clientId, parsed.data);
    res.status(201).json({ clientId: parsed.data.clientId, redirectUris: parsed.data.redirectUris });
  });

  r.put('/faults', (req, res) => {
    const parsed = faultsBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const { realmId, ...patch } = parsed.data;
    if (realmId !== undefined && !store.realms.has(realmId)) {
      res.status(404).json({ error: { code: 'unknown_realm', message: `No realm ${realmId}` } });
      return;
    }
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    res.json({ realmId: realmId ?? null, ...faults.update(realmId, defined) });
  });

  r.put('/limits', (req, res) => {
    const parsed = limitsBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const { enabled, ...rest } = parsed.data;
    const s = { ...limiter.settings };
    if (enabled === false) Object.assign(s, { perMinute: null, perSecond: null, batchPerMinute: null });
    if (enabled === true)
      Object.assign(s, {
        perMinute: options.perMinute,
        perSecond: options.perSecond,
        batchPerMinute: options.batchPerMinute,
      });
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) Object.assign(s, { [k]: v });
    limiter.settings = s;
    limiter.reset();
    res.json(s);
  });

  r.get('/limits', (_req, res) => {
    res.json(limiter.settings);
  });

  const withRealm = (id: string, res: Response): boolean => {
    if (store.realms.has(id)) return true;
    res.status(404).json({ error: { code: 'unknown_realm', message: `No realm ${id}` } });
    return false;
  };

  r.post('/realms/:realmId/expire-tokens', (req, res) => {
    if (!withRealm(req.params.realmId, res)) return;
    res.json({ expired: expireRealmTokens(store, req.params.realmId, options.now()) });
  });

  r.post('/realms/:realmId/revoke', (req, res) => {
    if (!withRealm(req.params.realmId, res)) return;
    res.json({ revoked: revokeRealm(store, req.params.realmId) });
  });

  r.get('/realms/:realmId/stats', (req, res) => {
    const realm = store.realms.get(req.params.realmId);
    if (!realm) return void withRealm(req.params.realmId, res);
    const entities = Object.fromEntries(ENTITY_NAMES.map((n) => [n, realm.entities.get(n)?.size ?? 0]));
    res.json({ realmId: realm.realmId, ...realm.stats, entities });
  });

  companyControlRoutes(r, store, options);

  r.post('/reset', (_req, res) => {
    deps.reset();
    res.json({ reset: true });
  });

  return r;
}
