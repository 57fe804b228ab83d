// Builds the emulator: an Express app with the OAuth endpoints, the data API and the control
// endpoints, plus listen/close for in-process use by tests, the demo and benchmarks.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { controlRouter } from './control';
import { FaultInjector } from './faults';
import { send5xx, sendJson, timeNow } from './http/respond';
import { v3Router } from './http/v3';
import { RateLimiter, type LimitSettings } from './limits';
import { oauthRouter } from './oauth/routes';
import { parseOptions, type EmulatorOptions, type EmulatorOptionsInput } from './options';
import { createRealm } from './realms';
import { createStore, resetStore, type EmulatorStore } from './store';
import { newTid } from './util';

export interface QboEmulatorState {
  store: EmulatorStore;
  options: EmulatorOptions;
  limiter: RateLimiter;
  faults: FaultInjector;
}

export interface QboEmulator {
  app: express.Express;
  state: QboEmulatorState;
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

function defaultLimits(o: EmulatorOptions): LimitSettings {
  return {
    perMinute: o.perMinute,
    perSecond: o.perSecond,
    batchPerMinute: o.batchPerMinute,
    timeScale: o.timeScale,
  };
}

export function createQboEmulator(input: EmulatorOptionsInput = {}): QboEmulator {
  const options = parseOptions(input);
  const store = createStore();
  const registerClients = () => {
    for (const c of options.clients)
      store.clients.set(c.clientId, { ...c, redirectUris: [...c.redirectUris] });
  };
  registerClients();
  const limiter = new RateLimiter(defaultLimits(options));
  const faults = new FaultInjector(options.random);
  const state: QboEmulatorState = { store, options, limiter, faults };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set('intuit_tid', newTid());
    res.set('qbo-version', '1996.113');
    next();
  });
  const ensureRealm = () => createRealm(store, options, { companyName: 'Sandbox Company_US_1' }).realmId;
  app.use(oauthRouter(store, options, ensureRealm));
  app.use(v3Router({ store, options, limiter, faults }));
  app.use(
    '/__emulator',
    controlRouter({
      store,
      options,
      limiter,
      faults,
      reset: () => {
        resetStore(store);
        registerClients();
        limiter.settings = defaultLimits(options);
        limiter.reset();
        faults.reset();
      },
    }),
  );
  app.get('/__emulator/health', (_req, res) => {
    res.json({ status: 'ok', realms: store.realms.size });
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (res.headersSent) return;
    if (e.type === 'entity.too.large') {
      sendJson(res, 413, {
        Fault: {
          Error: [
            {
              Message: 'Request Entity Too Large',
              Detail: 'The request body is too large.',
              code: '500',
              element: '',
            },
          ],
          type: 'ValidationFault',
        },
        time: timeNow(options),
      });
      return;
    }
    if (e.type === 'entity.parse.failed' || e.status === 400) {
      res.status(400).json({ error: 'invalid_request', error_description: 'Malformed request body' });
      return;
    }
    console.error(`qbo-emulator: unexpected error on ${req.method} ${req.originalUrl}:`, err);
    send5xx(res, options, 0);
  });

  let server: Server | undefined;
  return {
    app,
    state,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const s = app.listen(port, host, (err?: Error) => {
          if (err) return reject(err);
          const addr = s.address() as AddressInfo;
          resolve({ url: `http://${host}:${addr.port}`, port: addr.port });
        });
        s.keepAliveTimeout = 5_000;
        server = s;
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
        server = undefined;
      });
    },
  };
}
