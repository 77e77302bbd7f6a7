// Who a process is on this machine: whether a pid is alive, and when it started, so that a pid
// the system has since given to another process is not mistaken for the one that wrote a file.
import { readFileSync } from 'node:fs';

/** Whether a process with this pid exists (perhaps owned by another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The start time of a process, in clock ticks since boot (field 22 of /proc/<pid>/stat on Linux),
 * or null where it cannot be read (another system, or no such process).
 */
export function processStartTime(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[22 - 3]);
  return Number.isFinite(ticks) ? ticks : null;
}

/**
 * Whether the process that recorded (pid, startTime) is still running: the pid is alive and, where
 * start times can be read, it started at the recorded time (not a later process given the same pid).
 */
export function isSameProcessAlive(pid: number, startTime: number | null | undefined): boolean {
  if (!isProcessAlive(pid)) return false;
  if (startTime === null || startTime === undefined) return true;
  const current = processStartTime(pid);
  return current === null || current === startTime;
}
