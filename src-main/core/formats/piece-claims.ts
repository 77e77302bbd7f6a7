// Hands out a job's pieces to several threads through one counter in shared memory: each thread
// takes the next piece no one has taken, so a thread that starts earlier or runs faster takes more.

/** The counter, to share with the other threads (postMessage shares its memory, never copies it). */
export function createClaims(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Takes pieces one at a time and runs `work` on each, until none of the `count` is left. */
export async function workOnClaims(claims: Int32Array, count: number, work: (index: number) => Promise<void>): Promise<void> {
  for (let index = Atomics.add(claims, 0, 1); index < count; index = Atomics.add(claims, 0, 1)) await work(index);
}

/** How many pieces some thread has taken so far. */
export function claimedCount(claims: Int32Array, count: number): number {
  return Math.min(Atomics.load(claims, 0), count);
}

/** Leaves no piece to take: every thread stops after the piece it is on. */
export function withdrawClaims(claims: Int32Array, count: number): void {
  Atomics.store(claims, 0, count);
}
