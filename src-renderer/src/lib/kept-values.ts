// What the user set, as stored per workspace in localStorage, read back defensively: the stored
// text may be old, edited or from another version, so every reader checks shape and bounds and
// drops what it cannot trust.

const PREFIX = 'spin-echo.kept';

/** The storage key of `name` in the workspace at `workspaceDir`. */
export function keptKey(workspaceDir: string, name: string): string {
  return `${PREFIX}.${name}@${workspaceDir}`;
}

/** The stored value, parsed; undefined when there is none or it is not JSON. */
export function readKept(storage: Pick<Storage, 'getItem'>, workspaceDir: string, name: string): unknown {
  try {
    const text = storage.getItem(keptKey(workspaceDir, name));
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

export function writeKept(storage: Pick<Storage, 'setItem'>, workspaceDir: string, name: string, value: unknown): void {
  try {
    storage.setItem(keptKey(workspaceDir, name), JSON.stringify(value));
  } catch {
    // Storage full or denied: the value lives on in this page only.
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ID = /^[\w.-]{1,100}$/;

/** An id as the core makes them (run-…, ds-…), else null. */
export function keptId(value: unknown): string | null {
  return typeof value === 'string' && ID.test(value) ? value : null;
}

/** A list of distinct ids, at most `max`, dropping anything else. */
export function keptIds(value: unknown, max = 100): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.map(keptId).filter((id): id is string => id !== null))].slice(0, max);
}

/** A string of at most `max` characters, else the fallback. */
export function keptText(value: unknown, max: number, fallback = ''): string {
  return typeof value === 'string' && value.length <= max ? value : fallback;
}

/** One of the allowed values, else the fallback. */
export function keptChoice<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

/** A whole number in [min, max], else the fallback. */
export function keptInteger(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}
