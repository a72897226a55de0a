// Output formats register themselves with the synthesizer when loaded.
import '../helm';
import '../gitops';
import { runPackageCommand } from '../helm/package-command';
import { runImportCommand } from '../import';
import { runValidateCommand } from '../validate/validate-command';
import { runDiffCommand } from '../diff/diff-command';
import { runGraphCommand } from '../graph/graph-command';
import { runInitCommand } from '../init/init-command';
import { CommandIO, processIO } from './io';
import { runSynthCommand } from './synth-command';
import { UsageError } from './usage-error';

type Command = (args: string[], io: CommandIO) => Promise<number>;

/** Commands by name; each module owns its flags. */
const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly run: Command }>> = {
  synth: { summary: 'synthesize the platform into dist/ (plain YAML, Helm charts)', run: (a, io) => runSynthCommand(a, io) },
  import: { summary: 'generate typed constructs from Kubernetes definitions (`import k8s`) or CRD YAML', run: (a, io) => runImportCommand(a, io) },
  diff: { summary: 'compare the synthesized objects with dist/ as data; flags renames and immutable-field changes (exit 1 when different)', run: (a, io) => runDiffCommand(a, io) },
  graph: { summary: 'draw an environment: apps, workloads, services, storage, network flows allowed by its NetworkPolicies', run: (a, io) => runGraphCommand(a, io) },
  validate: { summary: 'check YAML from files, folders or stdin with the synth checks (schema, grammar, references, policy)', run: (a, io) => runValidateCommand(a, io) },
  package: { summary: 'package dist/charts/* as <name>-<version>.tgz (byte-identical) and write index.yaml', run: (a, io) => runPackageCommand(a, io) },
  init: { summary: 'scaffold a new platform repository (package.json, cdk8s.yaml, apps/main.ts, a test)', run: (a, io) => runInitCommand(a, io) },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: berth <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** Runs the berth CLI; returns the exit code. Never throws for user errors. */
export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`berth: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`berth ${name}: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
      return e.exitCode;
    }
    const code = (e as NodeJS.ErrnoException)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`berth ${name}: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}
