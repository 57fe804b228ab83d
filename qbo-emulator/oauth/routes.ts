// OAuth HTTP endpoints at Intuit's paths: /connect/oauth2, /oauth2/v1/tokens/bearer,
// /v2/oauth2/tokens/revoke.
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorOptions } from '../options';
import type { EmulatorStore } from '../store';
import { asRecord, asString } from '../util';
import { authenticateClient, authorize, exchangeCode, refreshGrant, revokeToken } from './service';

function q(req: Request, name: string): string | undefined {
  const v: unknown = (req.query as Record<string, unknown>)[name];
  return Array.isArray(v) ? asString(v[0]) : asString(v);
}

function errorPage(res: Response, status: number, error: string, description: string | undefined): void {
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html><head><title>Intuit</title></head><body><h1>${error}</h1><p>${description ?? ''}</p></body></html>`,
    );
}

export function oauthRouter(
  store: EmulatorStore,
  options: EmulatorOptions,
  ensureRealm: () => string,
): Router {
  const r = express.Router();

  r.get('/connect/oauth2', (req, res) => {
    const result = authorize(
      store,
      options,
      {
        clientId: q(req, 'client_id'),
        redirectUri: q(req, 'redirect_uri'),
        responseType: q(req, 'response_type'),
        scope: q(req, 'scope'),
        state: q(req, 'state'),
        realmId: q(req, 'realmId'),
      },
      ensureRealm,
    );
    if (result.ok) res.redirect(302, result.value);
    else if (req.accepts(['html', 'json']) === 'json') res.status(result.status).json(result.body);
    else errorPage(res, result.status, result.body.error, result.body.error_description);
  });

  const forms = [express.urlencoded({ extended: false, limit: '64kb' }), express.json({ limit: '64kb' })];

  r.post('/oauth2/v1/tokens/bearer', ...forms, (req, res) => {
    const app = authenticateClient(store, req.get('authorization'));
    if (!app) {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    const body = asRecord(req.body) ?? {};
    const hard = (req.get('x-include-refresh-token-hard-expires-in') ?? '').toLowerCase() === 'true';
    const grantType = asString(body['grant_type']);
    const result =
      grantType === 'authorization_code'
        ? exchangeCode(store, options, app, asString(body['code']), asString(body['redirect_uri']), hard)
        : grantType === 'refresh_token'
          ? refreshGrant(store, options, app, asString(body['refresh_token']), hard)
          : ({ ok: false, status: 400, body: { error: 'unsupported_grant_type' } } as const);
    res.set('Cache-Control', 'no-store');
    if (result.ok) res.status(200).json(result.value);
    else res.status(result.status).json(result.body);
  });

  r.post('/v2/oauth2/tokens/revoke', ...forms, (req, res) => {
    const app = authenticateClient(store, req.get('authorization'));
    if (!app) {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    const token = asString(asRecord(req.body)?.['token']);
    if (token === undefined || token === '') {
      res.status(400).json({ error: 'invalid_request', error_description: 'token is required' });
      return;
    }
    revokeToken(store, options, app, token);
    res.status(200).json({});
  });

  return r;
}
