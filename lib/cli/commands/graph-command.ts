import { parseArgs } from 'util';
import { CommandIO } from '../io';
import { synthProject, timeoutOption, TIMEOUT_OPTION, typeCheckOption, TYPE_CHECK_OPTION } from './synth-command';
import { UsageError } from '../../model/usage-error';
import { ValidationFailed } from '../../model/problem';
import { errorLines } from '../../validate/report';
import { buildGraph } from '../../graph/build-graph';
import { GraphFormat, renderGraph } from '../../graph/render-graph';
import { clusterUses, renderClusterGraph } from '../../graph/cluster-graph';

const FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'json'];

/**
 * `berth graph [--env E | --clusters] [--format mermaid|dot|json] [--app FILE] [--timeout SECONDS]`: synthesizes in memory and
 * prints a picture of one environment (apps, workloads, services, storage, allowed network
 * flows computed from the emitted NetworkPolicies). `--env` is needed when the platform has
 * more than one environment. `--clusters` instead pictures every environment's clusters:
 * which environments share which cluster, in which namespaces.
 */
export async function runGraphCommand(args: string[], io: CommandIO, cwd = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      env: { type: 'string', short: 'e' },
      format: { type: 'string', short: 'f' },
      app: { type: 'string' },
      clusters: { type: 'boolean' },
      ...TIMEOUT_OPTION,
      ...TYPE_CHECK_OPTION,
    },
    allowPositionals: false,
  });
  const format = (values.format ?? 'mermaid') as GraphFormat;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format ${values.format}: allowed: ${FORMATS.join(', ')}`);
  }
  if (values.clusters && values.env) {
    throw new UsageError(
      '--clusters shows every environment; it takes no --env',
      'Run `berth graph --clusters` for the clusters, or `berth graph --env E` for one environment.',
    );
  }
  let apps;
  try {
    apps = (
      await synthProject({
        cwd,
        app: values.app,
        timeout: timeoutOption(values.timeout),
        typeCheck: typeCheckOption(values['no-type-check']),
        environments: values.env ? [values.env] : undefined,
        dryRun: true,
        oneEnvironment: values.clusters ? undefined : { command: 'graph' },
      })
    ).apps;
  } catch (e) {
    if (e instanceof ValidationFailed) {
      io.stderr(errorLines(e.problems));
      io.stderr('berth graph: synth failed; fix the errors (`berth synth` shows them in full).\n');
      return 1;
    }
    throw e;
  }
  if (values.clusters) {
    const uses = clusterUses(apps);
    if (uses.length === 0) {
      throw new UsageError(
        'no environment of the platform names a cluster',
        "Give environments their clusters: new Environment(platform, 'dev', { ..., clusters: [new Cluster('dev')] }).",
        1,
      );
    }
    io.stdout(renderClusterGraph(uses, format));
    return 0;
  }
  const envs = [...new Set(apps.map((a) => a.environment.name))];
  if (envs.length === 0) {
    throw new UsageError(
      values.env ? `no environment named ${JSON.stringify(values.env)}` : 'the platform has no environments',
      'Check the name with `berth synth`.',
      1,
    );
  }
  const records = apps.flatMap((a) => a.records);
  io.stdout(renderGraph(buildGraph(records, envs[0]), format));
  return 0;
}
