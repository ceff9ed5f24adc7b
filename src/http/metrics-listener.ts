// METRICS_BIND: GET /metrics served without a token on an address of its own (say 127.0.0.1:9464),
// for a Prometheus that cannot hold a token. Whoever can reach that address reads the metrics, so
// bind it to loopback or a monitoring network; the metrics carry no patient data (ids, queue and
// task type names, counts and times). Everything else on it answers 404.
import { createServer, type Server } from 'node:http';
import type { Logger } from '../logger.js';
import { describeError } from '../errors.js';
import type { EngineMetrics } from '../metrics/engine-metrics.js';

export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenForMetrics(metrics: EngineMetrics, bind: { host: string; port: number }, logger: Logger): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics here\n');
      return;
    }
    metrics.scrape().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text),
      (error) => {
        logger.error({ ...describeError(error) }, 'metrics scrape failed');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics scrape failed; see the engine log\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : bind.port;
  logger.info({ host: bind.host, port }, 'metrics served without a token (METRICS_BIND)');
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
