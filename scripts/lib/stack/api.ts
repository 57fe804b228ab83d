// The API's HTTP server: listening first (so the port is known before the configuration that
// names it, e.g. the OAuth redirect URI), serving the app once its dependencies are ready.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../api/app';
import type { ApiDeps } from '../../../api/deps';

export type ApiListener = {
  port: number;
  /** Where it is reached: http://<host>:<port>, or http://localhost:<port> on every interface. */
  url: string;
  serve: (deps: ApiDeps) => void;
  close: () => Promise<void>;
};

/** Listens on `port` (0: a free one) of `host` (default: every interface). */
export async function listenApi(port: number, host?: string): Promise<ApiListener> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${host ?? 'localhost'}:${actual}`,
    serve: (deps) => void server.on('request', createApp(deps)),
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    // A browser on the management page keeps spare sockets open (preconnects, keep-alive)
    // that close() would wait out (headersTimeout, 60 s): end them after a short grace.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}
