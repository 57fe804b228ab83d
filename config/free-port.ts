// A TCP port free on 127.0.0.1 right now (whoever binds it next moments later: the Temporal SDK's
// metrics exporter, a dev server in tests).
import { createServer } from 'node:net';

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free loopback port'))));
    });
  });
}
