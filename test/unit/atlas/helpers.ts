// Shared set-up for the Atlas core tests: a simulator per suite and clients for either scheme.

import * as http from 'node:http';
import { AtlasClient, AtlasClientOptions, OAuthTokenPool, createAtlasClient } from '../../../src/atlas';
import { AtlasSimulator, DEMO_CREDENTIALS, SimulatorOptions, startAtlasSimulator } from '../../simulator';

export type Scheme = 'digest' | 'oauth';

export const SCHEMES: Scheme[] = ['digest', 'oauth'];

export function credentialsFor(scheme: Scheme): AtlasClientOptions['credentials'] {
  return scheme === 'digest'
    ? { kind: 'apiKey', ...DEMO_CREDENTIALS.apiKey }
    : { kind: 'serviceAccount', ...DEMO_CREDENTIALS.serviceAccount };
}

/** Every secret the tests use, for "no secret leaks" assertions. */
export const SECRETS = [DEMO_CREDENTIALS.apiKey.privateKey, DEMO_CREDENTIALS.serviceAccount.clientSecret];

/** Starts a simulator before the suite and closes it (and every client made) after. */
export function useSimulator(options: SimulatorOptions = {}): {
  sim: () => AtlasSimulator;
  client: (scheme: Scheme, extra?: Partial<AtlasClientOptions>) => AtlasClient;
} {
  let sim: AtlasSimulator | undefined;
  const clients: AtlasClient[] = [];
  const pools: OAuthTokenPool[] = [];
  before(async () => {
    sim = await startAtlasSimulator(options);
  });
  afterEach(async () => {
    sim?.clearFaults();
    for (const c of clients.splice(0)) {
      c.dispose();
    }
    // Revoked before the next test starts, so its token counts see only its own tokens.
    await Promise.all(pools.splice(0).map((p) => p.dispose()));
  });
  after(async () => {
    await sim?.close();
  });
  return {
    sim: () => {
      if (!sim) {
        throw new Error('simulator not started');
      }
      return sim;
    },
    client: (scheme, extra = {}) => {
      if (!sim) {
        throw new Error('simulator not started');
      }
      const tokenPool = new OAuthTokenPool(options.now);
      pools.push(tokenPool);
      const c = createAtlasClient({
        tokenPool,
        baseUrl: sim.url,
        credentials: credentialsFor(scheme),
        retryBaseDelayMs: 5,
        maxRetryDelayMs: 2000,
        // The simulator's clock, so token lifetimes are the same time on both sides.
        now: options.now,
        ...extra,
      });
      clients.push(c);
      return c;
    },
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A tiny HTTP server for what the simulator cannot do (redirects, header capture). */
export async function startTinyServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, recorded: RecordedRequest[]) => void,
): Promise<{ url: string; recorded: RecordedRequest[]; close: () => Promise<void> }> {
  const recorded: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    recorded.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res, recorded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Forwards a request to `target` (the simulator) and pipes the answer back. */
export function proxyTo(target: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', target);
  const headers = { ...req.headers, host: url.host };
  const upstream = http.request(url, { method: req.method, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

/** A clock that only moves when the test says so: lifetimes without sleeping. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Polls `condition` (every 10 ms, up to 5 s) for a state that follows an action in the background. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}
