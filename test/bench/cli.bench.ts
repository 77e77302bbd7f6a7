// CLI start-up and `spin-echo inspect` of 12 000 curves as whole processes, the way a user runs them:
// through the bundle (bin/spin-echo.mjs), through tsx, through npx; and numpy's loadtxt of the same
// four echo files when python3 has numpy. Prints wall time (median and best) and CPU time per run;
// targets are judged on the best run, the one least slowed by other processes.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleState } from '../../scripts/cli-bundle-stamp.mjs';
import { challengeFileName } from '../../src-main/core/formats/challenge-files.ts';
import { benchChallengeFolder, ECHO_ROLES, folderBytes } from './challenge-folder.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HELP_TARGET_SECONDS = 0.12;
const NODE = process.execPath;

interface Timing {
  readonly medianWall: number;
  readonly bestWall: number;
  /** User plus system seconds of the process and its children, median over the runs. */
  readonly medianCpu: number | null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** CPU seconds of the children of a shell, from bash's `times` (its second line). */
function childCpuSeconds(timesOutput: string): number | null {
  const line = timesOutput.trim().split('\n').at(-1) ?? '';
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(([, minutes, seconds]) => Number(minutes) * 60 + Number(seconds));
  return parts.length === 2 ? parts[0] + parts[1] : null;
}

/** Runs `command` `runs` times (after one warm-up) from the project root, output discarded. */
function time(command: readonly string[], runs: number): Timing {
  const walls: number[] = [];
  const cpus: number[] = [];
  // bash's `times` reports its children's CPU; bash itself adds about a millisecond of wall time.
  const script = '"$@" >/dev/null 2>&1 || echo "exit code $?" >&2; times';
  for (let run = -1; run < runs; run++) {
    const started = performance.now();
    const result = spawnSync('bash', ['-c', script, 'bash', ...command], { cwd: ROOT, encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    if (result.error) throw result.error;
    if (result.stderr.includes('exit code')) throw new Error(`${command.join(' ')}: ${result.stderr.trim()}`);
    if (run < 0) continue;
    walls.push(wall);
    const cpu = childCpuSeconds(result.stdout);
    if (cpu !== null) cpus.push(cpu);
  }
  return { medianWall: median(walls), bestWall: Math.min(...walls), medianCpu: cpus.length === walls.length ? median(cpus) : null };
}

function report(label: string, timing: Timing, target?: { seconds: number; what: string }): void {
  const cpu = timing.medianCpu === null ? 'cpu -' : `cpu ${timing.medianCpu.toFixed(3)} s`;
  // The best run is the one least slowed by other processes: the fairest figure on a shared machine.
  const verdict = target ? `  (target: best <= ${target.what}${target.seconds.toFixed(3)} s: ${timing.bestWall <= target.seconds ? 'met' : 'MISSED'})` : '';
  console.log(`${label.padEnd(50)} median ${timing.medianWall.toFixed(3)} s  best ${timing.bestWall.toFixed(3)} s  ${cpu}${verdict}`);
}

function loadLine(): string {
  return `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${cpus().length} cores`;
}

/** numpy's version, or null when python3 or numpy is missing. */
function numpyVersion(): string | null {
  const result = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Wall and CPU seconds of numpy's loadtxt of the files inside one Python process, its best of `runs`. */
function numpyLoadtxt(files: readonly string[], runs: number): { wall: number; cpu: number } {
  const script = [
    'import sys, time, numpy',
    'best = (float("inf"), 0.0)',
    'for _ in range(int(sys.argv[1])):',
    '    t, c = time.perf_counter(), time.process_time()',
    '    for f in sys.argv[2:]: numpy.loadtxt(f)',
    '    best = min(best, (time.perf_counter() - t, time.process_time() - c))',
    'print(*best)',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, String(runs), ...files], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`numpy loadtxt: ${result.stderr.trim()}`);
  const [wall, cpu] = result.stdout.trim().split(' ').map(Number);
  return { wall, cpu };
}

async function main(): Promise<void> {
  const state = await bundleState();
  console.log(`CLI benchmark: whole processes, output discarded; ${loadLine()}, Node ${process.version}`);
  if (!state.fresh) console.log(`note: ${state.reason}, so bin/spin-echo.mjs runs the sources through tsx (npm run build:cli)`);

  console.log('\nstart-up: spin-echo --help');
  report('node -e 0 (bare Node, for reference)', time([NODE, '-e', '0'], 20));
  report('node bin/spin-echo.mjs --help (the bundle)', time([NODE, 'bin/spin-echo.mjs', '--help'], 20), { seconds: HELP_TARGET_SECONDS, what: '' });
  report('node --import tsx src-main/cli/main.ts --help', time([NODE, '--import', 'tsx', 'src-main/cli/main.ts', '--help'], 10));
  report('npx spin-echo --help', time(['npx', 'spin-echo', '--help'], 5));

  const dir = await benchChallengeFolder();
  const files = ECHO_ROLES.map((role) => join(dir, challengeFileName('gauss', role)));
  console.log(`\ninspect: ${dir} (6000 model + 6000 eval curves, ${(folderBytes(dir) / 1e6).toFixed(1)} MB, echo files ${(folderBytes(dir, files.map((file) => file.slice(dir.length + 1))) / 1e6).toFixed(1)} MB)`);
  const version = numpyVersion();
  const loadtxt = version === null ? null : numpyLoadtxt(files, 3);
  const target = loadtxt === null ? undefined : { seconds: loadtxt.wall, what: "numpy's loadtxt, " };
  report('node bin/spin-echo.mjs inspect (the bundle)', time([NODE, 'bin/spin-echo.mjs', 'inspect', dir], 7), target);
  report('node --import tsx src-main/cli/main.ts inspect', time([NODE, '--import', 'tsx', 'src-main/cli/main.ts', 'inspect', dir], 5), target);
  if (version === null || loadtxt === null) console.log('numpy: skipped (python3 with numpy not found)');
  else {
    console.log(`${`numpy ${version} loadtxt of the 4 echo files, in-process`.padEnd(50)} best ${loadtxt.wall.toFixed(3)} s  cpu ${loadtxt.cpu.toFixed(3)} s`);
    const oneLiner = 'import sys, numpy\nfor f in sys.argv[1:]: numpy.loadtxt(f)';
    report('python3 -c "numpy.loadtxt each" (whole process)', time(['python3', '-c', oneLiner, ...files], 5));
  }
  console.log(`\nafter: ${loadLine()}`);
}

await main();
