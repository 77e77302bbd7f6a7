// Entry of the spin-echo CLI: picks the subcommand and turns every error into one line and an exit code.
import { reportFailure } from './exit-codes.ts';

type CommandModule = { run(argv: string[]): Promise<number> };

// Each subcommand lives in its own module, loaded only when asked for.
const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  inspect: { summary: 'inspect DIR: what a challenge folder holds', load: () => import('./commands/inspect.ts') },
  score: { summary: 'score --pred P --truth T --train-labels L: the challenge score', load: () => import('./commands/score.ts') },
  serve: { summary: 'serve [--port P] [--workspace DIR]: the UI in a browser, on 127.0.0.1 with a session token', load: () => import('./commands/serve.ts') },
  simulate: { summary: 'simulate --kernel K --seed S --out DIR: a simulated data set (curves, labels, answer key)', load: () => import('./commands/simulate.ts') },
  datasets: { summary: 'datasets [list] | import DIR: the data sets of the workspace', load: () => import('./commands/datasets.ts') },
  train: { summary: 'train --dataset ID|DIR --model PRESET: train a model, with live progress', load: () => import('./commands/train.ts') },
  models: { summary: 'models [list] | show NAME | add FILE | remove NAME: networks saved as layer lists', load: () => import('./commands/models.ts') },
  runs: { summary: 'runs list|show|compare|resume: the runs of the workspace', load: () => import('./commands/runs.ts') },
  predict: { summary: 'predict --run ID --out FILE: a run\'s predictions for the eval curves', load: () => import('./commands/predict.ts') },
  export: { summary: 'export --gauss RUN --rkky RUN --out DIR: both submission files and a summary', load: () => import('./commands/export.ts') },
  fit: { summary: 'fit --dataset ID --curve K [--run RUN]: fit alpha, xi and d of one curve by simulation', load: () => import('./commands/fit.ts') },
  study: { summary: 'study --dataset ID --budget 60m|20trials: an automatic search, every trial a run; resume, list, show', load: () => import('./commands/study.ts') },
  ensemble: { summary: 'ensemble --run ID --run ID ...: a run that averages finished runs, with their spread as uncertainty', load: () => import('./commands/ensemble.ts') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary.slice(summary.indexOf(':') + 2)}`);
  return ['usage: spin-echo <command> [options]', '', 'commands:', ...lines, '', 'spin-echo <command> --help for its options'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`spin-echo: unknown command '${name}'\n${usage()}\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFailure(error);
  },
);
