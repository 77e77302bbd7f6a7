// Decides whether an HTTP request or WebSocket upgrade may reach the workbench: the Host must be
// the loopback address (against DNS rebinding), a browser's Origin our own, and the session token right.
import type { IncomingMessage } from 'node:http';
import { tokensMatch } from './session-token.ts';

export interface GuardSettings {
  readonly token: string;
  readonly port: number;
}

export type Verdict = { readonly ok: true; readonly tokenInQuery: boolean } | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** The cookie that carries the token to the page's own asset requests, one name per port. */
export function sessionCookieName(port: number): string {
  return `spin-echo-session-${port}`;
}

export function sessionCookie(settings: GuardSettings): string {
  return `${sessionCookieName(settings.port)}=${settings.token}; Path=/; HttpOnly; SameSite=Strict`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** Checks Host, Origin (when a browser sends one) and the token from the query or the session cookie. */
export function checkRequest(request: IncomingMessage, settings: GuardSettings): Verdict {
  const hosts = allowedHosts(settings.port);
  if (!hosts.has((request.headers.host ?? '').toLowerCase())) {
    return { ok: false, status: 403, reason: 'this server answers on 127.0.0.1 and localhost only' };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !Array.from(hosts).some((host) => origin.toLowerCase() === `http://${host}`)) {
    return { ok: false, status: 403, reason: 'cross-origin requests are refused' };
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null) {
    return tokensMatch(settings.token, queryToken)
      ? { ok: true, tokenInQuery: true }
      : { ok: false, status: 401, reason: 'wrong session token' };
  }
  const cookieToken = cookieValue(request.headers.cookie, sessionCookieName(settings.port));
  if (cookieToken !== null && tokensMatch(settings.token, cookieToken)) return { ok: true, tokenInQuery: false };
  return { ok: false, status: 401, reason: 'a session token is required: open the URL that spin-echo serve printed' };
}
