import { CommandIO, processIO } from './io';
import { UsageError } from '../model/usage-error';

type Command = (args: string[], io: CommandIO, cwd: string) => Promise<number>;

/**
 * Commands by name; each module owns its flags. A command's module is loaded only when the
 * command runs, so `berth import` does not pay for loading Helm, validation or diff.
 */
const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly usage?: string; readonly run: Command }>> =
  {
    synth: {
      summary: 'synthesize the platform into dist/ (plain YAML, Helm charts, Argo CD Applications)',
      usage:
        'berth synth [--format plain|helm|all] [--output DIR] [--env ENV]... [--policy restricted|baseline|none] [--app FILE] [--timeout SECONDS] [--no-type-check] [--watch]',
      run: async (a, io, cwd) => (await import('./commands/synth-command')).runSynthCommand(a, io, cwd),
    },
    import: {
      summary: 'generate typed constructs from Kubernetes definitions (`import k8s`) or CRD YAML',
      run: async (a, io) => (await import('../import')).runImportCommand(a, io),
    },
    validate: {
      summary: 'check YAML from files, folders or stdin with the synth checks (schema, grammar, references, policy)',
      run: async (a, io) => (await import('./commands/validate-command')).runValidateCommand(a, io),
    },
    diff: {
      summary:
        'compare what synth writes with dist/: objects as data, every file as a file (missing, extra, changed); flags renames, immutable-field changes and data-deleting removals (exit 1 when different)',
      usage:
        'berth diff [--env ENV]... [--format text|json] [--charts] [--app FILE] [--timeout SECONDS] [--no-type-check]',
      run: async (a, io, cwd) => (await import('./commands/diff-command')).runDiffCommand(a, io, cwd),
    },
    graph: {
      summary:
        'draw an environment: apps, workloads, services, storage, network flows allowed by its NetworkPolicies; or (--clusters) which environments share which clusters',
      usage:
        'berth graph [--env ENV | --clusters] [--format mermaid|dot|json] [--app FILE] [--timeout SECONDS] [--no-type-check]',
      run: async (a, io, cwd) => (await import('./commands/graph-command')).runGraphCommand(a, io, cwd),
    },
    package: {
      summary: 'package dist/charts/* as <name>-<version>.tgz (byte-identical) and write index.yaml',
      usage: 'berth package [--charts DIR] [--output DIR] [--url URL]',
      run: async (a, io, cwd) => (await import('./commands/package-command')).runPackageCommand(a, io, cwd),
    },
    init: {
      summary:
        'scaffold a new platform repository (package.json, cdk8s.yaml, apps/main.ts, a test, a CI workflow) depending on this Berth: its registry version, or a packed copy in vendor/',
      usage: 'berth init [DIR] [--force] [--berth-version VERSION | --berth-path PATH]',
      run: async (a, io) => (await import('./commands/init-command')).runInitCommand(a, io),
    },
  };

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: berth <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nberth --version prints the version.\n`;
}

/** Runs the berth CLI; returns the exit code. Never throws for user errors. */
export async function main(argv: string[], io: CommandIO = processIO, cwd: string = process.cwd()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`berth ${(await import('../core/berth-package')).berthPackage().version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`berth: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  if (command.usage && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io, cwd);
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
