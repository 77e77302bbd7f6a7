// Every web contents stays on the app's pages, opens no window or webview; the session grants no
// permission and loads nothing from the network.
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, isAppUrl } from '../../../src-main/electron/app-protocol.ts';
import { hardenSession, hardenWebContents } from '../../../src-main/electron/hardening.ts';
import { emitCancellable, MockSession, MockWebContents } from './electron-mock.ts';

describe('hardenWebContents', () => {
  const contents = new MockWebContents();
  hardenWebContents(contents as never, isAppUrl);

  it('blocks navigation and redirects away from the app', () => {
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/index.html']) {
      expect(emitCancellable(contents, 'will-navigate', url), url).toBe(true);
      expect(emitCancellable(contents, 'will-redirect', url), url).toBe(true);
    }
  });

  it('lets the app reload its own page', () => {
    expect(emitCancellable(contents, 'will-navigate', APP_ENTRY)).toBe(false);
  });

  it('denies every new window and webview', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: APP_ENTRY })).toEqual({ action: 'deny' });
    expect(emitCancellable(contents, 'will-attach-webview', {}, {})).toBe(true);
  });
});

describe('hardenSession', () => {
  it('denies permissions and cancels every remote request', () => {
    const session = new MockSession();
    hardenSession(session as never);
    const granted: boolean[] = [];
    session.permissionRequestHandler?.({}, 'media', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
    expect(session.permissionCheckHandler?.()).toBe(false);
    expect(session.blocked?.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const responses: { cancel: boolean }[] = [];
    session.blocked?.listener({ url: 'https://example.com/' }, (response) => responses.push(response));
    expect(responses).toEqual([{ cancel: true }]);
  });
});
