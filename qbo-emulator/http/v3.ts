// The data API pipeline under /v3/company/:realmId: auth gate (401/403), rate limits (429),
// injected faults (latency, 429, 5xx), dispatch, then commit-then-drop.
import express, { type Request, type Response, type Router } from 'express';
import type { FaultInjector } from '../faults';
import type { RateLimiter } from '../limits';
import { checkBearer } from '../oauth/service';
import type { EmulatorOptions } from '../options';
import type { EmulatorStore } from '../store';
import { dispatch } from './dispatch';
import { send401, send403, send429, send5xx, sendJson } from './respond';

export interface ApiDeps {
  store: EmulatorStore;
  options: EmulatorOptions;
  limiter: RateLimiter;
  faults: FaultInjector;
}

/** What a call is, for the stats: a batch, a query (also CDC), a read (other GETs) or a write (other POSTs). */
function callKind(method: string, first: string | undefined): 'batch' | 'query' | 'read' | 'write' {
  if (first === 'batch') return 'batch';
  if (first === 'query' || first === 'cdc') return 'query';
  return method === 'GET' ? 'read' : 'write';
}

/**
 * Metered "CorePlus" calls (data out: reads, queries, CDC), which the monthly quota stops. Creates,
 * updates, deletes and batch calls are "Core" [batch UNCONFIRMED].
 */
function isCorePlus(method: string, first: string | undefined): boolean {
  return method === 'GET' || first === 'query';
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function handle(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const { store, options, limiter, faults } = deps;
  const realmId = String(req.params['realmId']);
  const rest: unknown = req.params['rest'];
  const segments = Array.isArray(rest) ? rest.map(String) : typeof rest === 'string' ? rest.split('/') : [];
  const auth = checkBearer(store, options.now(), req.get('authorization'));
  if (!auth.ok) return send401(req, res, auth.reason);
  const realm = store.realms.get(realmId);
  if (auth.realmId !== realmId || !realm) return send403(res);
  realm.stats.requests++;
  if (realm.quotaExhausted && isCorePlus(req.method, segments[0])) {
    realm.stats.throttled++;
    return send429(res, options, false);
  }
  if (!limiter.admit(realmId, options.now(), segments[0] === 'batch')) {
    realm.stats.throttled++;
    return send429(res, options);
  }
  realm.stats.admitted[callKind(req.method, segments[0])]++;
  const fs = faults.settingsFor(realmId);
  const faulty = faults.aimsAt(fs, segments.join('/'));
  if (faulty && fs.latencyMs > 0) await sleep(fs.latencyMs);
  if (faulty && faults.roll(fs.throttleRate, fs)) {
    realm.stats.throttled++;
    realm.stats.faultsInjected++;
    return send429(res, options);
  }
  if (faulty && faults.roll(fs.errorRate, fs)) {
    realm.stats.faultsInjected++;
    return send5xx(res, options, options.random());
  }
  const out = dispatch(realm, options, options.now(), req, segments);
  if (faulty && out.write && out.status < 300 && faults.roll(fs.dropAfterCommitRate, fs)) {
    realm.stats.faultsInjected++;
    req.socket.destroy();
    return;
  }
  sendJson(res, out.status, out.body);
}

export function v3Router(deps: ApiDeps): Router {
  const r = express.Router();
  r.all(
    '/v3/company/:realmId/{*rest}',
    express.raw({ type: () => true, limit: '20mb' }),
    (req, res, next) => {
      handle(deps, req, res).catch(next);
    },
  );
  return r;
}
