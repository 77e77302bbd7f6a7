// HTTP headers that lock the served UI down: its own origin only, no framing, no sniffing, no referrer.

/**
 * The UI's Content-Security-Policy wherever it is served (this server, Electron's app:// protocol):
 * its own origin only, no plugins, no base or form targets, no framing; `connectSources` are the
 * connections it may open beside its own origin.
 */
export function uiContentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    ...(connectSources.length > 0 ? [`connect-src 'self' ${connectSources.join(' ')}`] : []),
    "img-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The Content-Security-Policy of the UI; the WebSocket back to this server is its only connection. */
export function contentSecurityPolicy(port: number): string {
  return uiContentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}
