// The browser mode's server: the built UI over HTTP and the contract over a WebSocket, on 127.0.0.1
// only, behind a random session token that the printed URL carries.
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CallHandlers, EventSource } from '../core/api/contract-dispatch.ts';
import { InputError } from '../core/errors.ts';
import { contentTypeOf, resolveStaticPath } from '../core/files/static-path.ts';
import { checkRequest, sessionCookie, type GuardSettings } from './request-guard.ts';
import { securityHeaders } from './security-headers.ts';
import { createSessionToken } from './session-token.ts';
import { attachWebSocketBridge, type Backpressure } from './ws-bridge.ts';

export interface LoopbackServerOptions {
  readonly handlers: CallHandlers;
  readonly events: EventSource;
  /** The built UI (out/renderer). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly maxMessageBytes?: number;
  /** Per-socket limits on unsent bytes (tests make them small); the bridge's defaults otherwise. */
  readonly backpressure?: Partial<Backpressure>;
}

export interface LoopbackServer {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

function refuse(response: ServerResponse, status: number, headers: Record<string, string>, reason: string): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(reason + '\n');
}

function serveStatic(request: IncomingMessage, response: ServerResponse, staticDir: string, settings: GuardSettings, tokenInQuery: boolean): void {
  const headers = securityHeaders(settings.port);
  if (!existsSync(join(staticDir, 'index.html'))) {
    refuse(response, 503, headers, 'the UI is not built: run npm run build');
    return;
  }
  const pathname = new URL(request.url ?? '/', `http://${HOST}`).pathname;
  const file = resolveStaticPath(staticDir, pathname);
  if (file === null) {
    refuse(response, 404, headers, 'not found');
    return;
  }
  const extra: Record<string, string> = { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-cache' };
  if (tokenInQuery) extra['Set-Cookie'] = sessionCookie(settings);
  response.writeHead(200, { ...headers, ...extra });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** Starts the server and resolves once it listens. */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const token = createSessionToken();
  const settings: { token: string; port: number } = { token, port: 0 };
  const server = createServer((request, response) => {
    const verdict = checkRequest(request, settings);
    if (!verdict.ok) {
      refuse(response, verdict.status, securityHeaders(settings.port), verdict.reason);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      refuse(response, 405, { ...securityHeaders(settings.port), Allow: 'GET, HEAD' }, 'method not allowed');
      return;
    }
    serveStatic(request, response, options.staticDir, settings, verdict.tokenInQuery);
  });
  const bridge = attachWebSocketBridge(server, {
    handlers: options.handlers,
    events: options.events,
    authorize: (request) => checkRequest(request, settings),
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    backpressure: options.backpressure,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      bridge.close();
      reject(error.code === 'EADDRINUSE' ? new InputError(`port ${options.port} on ${HOST} is in use: pick another with --port, or 0 for any free one`) : error);
    });
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  settings.port = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${settings.port}/?token=${token}`,
    port: settings.port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        bridge.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
