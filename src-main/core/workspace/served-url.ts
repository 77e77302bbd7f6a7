// The URL of the browser mode serving a workspace, kept in the workspace while it serves, so that a
// second `serve` or `npm start` on that workspace can point the user to it instead of failing.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';

export const SERVED_URL_FILE = 'serve.json';

const ServedUrl = z.object({ url: z.url(), pid: z.number().int() });

/** How long a second process waits for the first one's server to answer. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Writes the URL (session token included) into `dir`, readable by its owner only, and returns the
 * function that removes it; it is removed at exit too, and only while it is still this process's.
 */
export function recordServedUrl(dir: string, url: string): () => void {
  const path = join(dir, SERVED_URL_FILE);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  // Created with mode 0600 from the start (writeFileAtomic cannot set a mode): the token is a secret.
  writeFileSync(temporary, JSON.stringify({ url, pid: process.pid }) + '\n', { mode: 0o600, flag: 'wx' });
  renameSync(temporary, path);
  const remove = () => {
    process.off('exit', remove);
    if (readRecord(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  process.on('exit', remove);
  return remove;
}

function readRecord(path: string): z.output<typeof ServedUrl> | null {
  try {
    const parsed = ServedUrl.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** True when a server answers `url` and accepts its token (a 401 means another server took the port). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(url, { method: 'HEAD', timeout: PROBE_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(response.statusCode !== undefined && response.statusCode !== 401 && response.statusCode !== 403);
    });
    probe.on('timeout', () => probe.destroy());
    probe.on('error', () => resolve(false));
    probe.end();
  });
}

/** The URL of the browser mode serving the workspace in `dir`, when one is recorded and answers; else null. */
export async function findServedUrl(dir: string): Promise<string | null> {
  const record = readRecord(join(dir, SERVED_URL_FILE));
  if (!record || new URL(record.url).hostname !== '127.0.0.1') return null;
  return (await answers(record.url)) ? record.url : null;
}
