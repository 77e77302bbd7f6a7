// Serves the built UI on app://workbench/ instead of file://, so the page has a real origin that the
// Content-Security-Policy, the IPC sender check and the navigation guard can all name.
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentTypeOf, resolveStaticPath } from '../core/files/static-path.ts';
import { uiContentSecurityPolicy } from '../server/security-headers.ts';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://workbench';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

// No connect-src: the page reaches the core over IPC, not a socket.
export const APP_CONTENT_SECURITY_POLICY = uiContentSecurityPolicy();

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * Must run before the app is ready: the scheme behaves like https (secure, standard, fetch). Vite's
 * module scripts load in CORS mode, which Chromium allows only on CORS-enabled schemes; no other
 * origin ever runs in this app to read app:// across origins.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

/** Answers one app:// request from `rendererDir`, refusing other hosts and paths outside it. */
export async function respondFromRenderer(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const file = `${url.protocol}//${url.host}` === APP_ORIGIN ? resolveStaticPath(rendererDir, url.pathname) : null;
  if (file === null) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  return new Response(new Uint8Array(await readFile(file)), {
    headers: {
      'content-type': contentTypeOf(file),
      'content-security-policy': APP_CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => respondFromRenderer(rendererDir, request.url));
}
