// The worker's Prometheus endpoint (WORKER_METRICS_PORT, default 9465; 0: none): GET /metrics
// answers this process's registry (config/metrics.ts) with the Temporal SDK's own `temporal_*`
// families appended (worker/runtime-logging.ts fetches them from the SDK's loopback exporter).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_CONTENT_TYPE, metricsAuthorized, renderMetrics } from '../config/metrics';

export type WorkerMetricsServer = {
  port: number;
  url: string;
  close: () => Promise<void>;
};

export type WorkerMetricsServerOptions = {
  /** Default: every interface (Prometheus scrapes from elsewhere). */
  host?: string;
  /** METRICS_TOKEN: when set, a scrape needs `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Told when a scrape fails (never with a secret). */
  onError?: (error: unknown) => void;
};

/** Listens on `port` (0 is "off": resolves null). Only `GET /metrics`; anything else is 404. */
export async function startWorkerMetricsServer(
  port: number,
  options: WorkerMetricsServerOptions = {},
): Promise<WorkerMetricsServer | null> {
  if (port === 0) return null;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (!metricsAuthorized(options.token, req.headers.authorization)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
      res.end('unauthorized\n');
      return;
    }
    renderMetrics().then(
      (text) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(text),
      (error: unknown) => {
        options.onError?.(error);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await listen(server, port, options.host);
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${options.host ?? 'localhost'}:${actual}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
