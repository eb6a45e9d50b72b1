// Loopback stand-in HTTP servers for the AWS safety tests: one that records (and can forward), one that never answers.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface StandIn {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/**
 * Records every request. `answer` replies itself; without it the request is forwarded to `forwardTo` (the emulator),
 * so a call through the stand-in still works.
 */
export async function recordingServer(opts: { forwardTo?: string; answer?: (r: Recorded, res: http.ServerResponse) => boolean } = {}): Promise<StandIn> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      if (opts.answer?.(rec, res)) return;
      if (!opts.forwardTo) {
        res.writeHead(404).end();
        return;
      }
      const target = new URL(rec.url, opts.forwardTo);
      const fwd = http.request(target, { method: rec.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      fwd.on('error', () => res.writeHead(502).end());
      fwd.end(rec.body);
    });
  });
  return listen(server, requests);
}

/** Accepts connections and reads requests but never answers: the stall a deadline must end. */
export async function stallingServer(): Promise<StandIn & { connections: number }> {
  const requests: Recorded[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    req.resume();
  });
  let connections = 0;
  server.on('connection', (s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const base = await listen(server, requests, () => {
    for (const s of sockets) s.destroy();
  });
  return Object.defineProperty(base, 'connections', { get: () => connections }) as StandIn & { connections: number };
}

function listen(server: http.Server, requests: Recorded[], beforeClose?: () => void): Promise<StandIn> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            beforeClose?.();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
