/**
 * The files `berth init` writes, as functions of the project's settings. Each file is one
 * template string, kept here (not as loose files) so it ships inside the compiled package.
 * `test/init` synthesizes and tests a project made from them.
 */

/** What the templates are filled with. */
export interface TemplateValues {
  /** The npm package name of the new project. */
  readonly name: string;
  /** The `berth-k8s` dependency: a version range (`^0.1.0`) or `file:` path. */
  readonly berth: string;
  /** The other packages the project's code imports (cdk8s, constructs), by package name. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** Versions of the dev tools, by package name. */
  readonly devDependencies: Readonly<Record<string, string>>;
}

function json(v: unknown): string {
  return `${JSON.stringify(v, null, 2)}\n`;
}

function packageJson(v: TemplateValues): string {
  return json({
    name: v.name,
    version: '0.1.0',
    private: true,
    description: 'Kubernetes platform as code, with Berth',
    scripts: {
      synth: 'berth synth',
      diff: 'berth diff',
      // jest only transpiles (fast); tsc reports every type error first.
      test: 'tsc --noEmit && jest',
    },
    dependencies: { 'berth-k8s': v.berth, ...v.dependencies },
    devDependencies: v.devDependencies,
  });
}

const CDK8S_YAML = `# The program and the output folder (cdk8s's convention); Berth settings under \`berth:\`.
language: typescript
app: apps/main.ts
output: dist
berth:
  # Policy profile: restricted (default), baseline or none.
  policy: restricted
`;

const MAIN_TS = `import {
  Application, ConfigMap, Cpu, Deployment, EnvFrom, Environment, Namespace, NetworkPolicies, Peer, Platform, Probe, Size,
  Spread, Waivers,
} from 'berth-k8s';

/** What differs between environments. */
export interface PlatformConfig {
  readonly replicas: number;
  readonly logLevel: 'debug' | 'info';
}

/**
 * The hello app: a web server and its settings, written once and added to every environment.
 */
export function helloApp(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'hello');
  // The app's namespace (Pod Security \`restricted\`), so that \`kubectl apply -k dist/dev\` works on a new cluster.
  new Namespace(app, 'Namespace', { name: 'hello' });
  // Deny all traffic but DNS, then open what the app needs.
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);
  const settings = new ConfigMap(app, 'settings', { data: { LOG_LEVEL: env.config.logLevel } });
  const highlyAvailable = env.config.replicas > 1;
  const web = new Deployment(app, 'web', {
    replicas: env.config.replicas,
    // Several replicas never share a node.
    spread: highlyAvailable ? [Spread.onePerNode()] : [],
    containers: [{
      image: 'nginxinc/nginx-unprivileged:1.27.3',
      ports: [{ port: 8080, name: 'http' }],
      envFrom: [EnvFrom.configMap(settings)],
      resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } },
      readiness: Probe.http('/'),
      liveness: Probe.tcp(8080),
    }],
  });
  web.exposeViaService();
  if (highlyAvailable) web.addDisruptionBudget({ maxUnavailable: 1 });
  // One replica where none is promised: the waiver says so, with its reason.
  else Waivers.of(web).waive('policy/min-replicas', 'one replica in dev: it promises no availability');
  web.connections.allowFrom(Peer.namespace('ingress-nginx'));
  return app;
}

export const platform = new Platform();
helloApp(new Environment<PlatformConfig>(platform, 'dev', { config: { replicas: 1, logLevel: 'debug' } }));
helloApp(new Environment<PlatformConfig>(platform, 'prod', { config: { replicas: 3, logLevel: 'info' } }));
`;

const MAIN_TEST_TS = `import { Environment, Platform } from 'berth-k8s';
import { berthMatchers, findObject, RESTRICTED_SECURITY_CONTEXT, synthApp, yamlSerializer } from 'berth-k8s/testing';
import { helloApp, PlatformConfig } from '../apps/main';

expect.extend(berthMatchers);
expect.addSnapshotSerializer(yamlSerializer);

function render(config: PlatformConfig) {
  return synthApp(helloApp(new Environment<PlatformConfig>(new Platform(), 'test', { config })));
}

test('the hello app runs the configured replicas with restricted security settings', () => {
  const objects = render({ replicas: 3, logLevel: 'info' });
  const web = findObject(objects, 'Deployment', 'web');
  expect((web.spec as { replicas: number }).replicas).toBe(3);
  expect(web).toHaveSecurityContext(RESTRICTED_SECURITY_CONTEXT);
});

test('the settings match the snapshot', () => {
  expect(findObject(render({ replicas: 1, logLevel: 'debug' }), 'ConfigMap', 'settings')).toMatchSnapshot();
});
`;

const GITIGNORE = `node_modules/
*.js.map
coverage/
# dist/ is committed: reviewers read the YAML diff, Argo CD applies it.
# berth synth's staging folders, lock and swap journal next to it (gone when a synth ends).
.*.staging-*
# berth package's charts (.tgz) and index.yaml.
packages/
`;

const TSCONFIG = json({
  compilerOptions: {
    target: 'ES2022',
    // node16 resolution reads package.json "exports": how 'berth-k8s/testing' is found.
    module: 'node16',
    moduleResolution: 'node16',
    lib: ['ES2022'],
    types: ['node', 'jest'],
    strict: true,
    esModuleInterop: true,
    // Each file compiles on its own (as ts-jest and berth synth transpile it).
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['apps/**/*.ts', 'test/**/*.ts'],
});

const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type errors are tsc's job (npm test runs \`tsc --noEmit\` first); jest only transpiles.
    '^.+\\\\.ts$': ['ts-jest', { diagnostics: false }],
  },
};
`;

function readme(v: TemplateValues): string {
  const source = v.berth.startsWith('file:vendor/')
    ? `\`${v.berth.slice('file:'.length)}\` (a packed Berth, committed with the project)`
    : v.berth.startsWith('file:')
      ? `\`${v.berth.slice('file:'.length)}\` (a Berth folder on the machine that ran \`berth init\`)`
      : `the npm registry (\`berth-k8s@${v.berth}\`)`;
  return `# ${v.name}

A Kubernetes platform written with Berth: apps are
TypeScript functions of a typed configuration (\`apps/main.ts\`), added to every environment
(\`dev\`, \`prod\`); \`berth synth\` writes validated YAML to \`dist/<environment>/<app>/\`.

\`\`\`sh
npm install && npx berth synth
npm test          # tsc --noEmit && jest
npx berth diff    # exit 1 when dist/ is not what the code synthesizes
\`\`\`

Commit \`dist/\` with the code that makes it: reviewers read the YAML diff, Argo CD applies
it, and CI (\`.github/workflows/berth.yml\`) fails when it is out of date.
Berth comes from ${source}.

- \`npx berth diff\` shows how the code differs from \`dist/\` (and flags replacements);
- \`npx berth graph --env dev\` draws the apps and their allowed network flows (Mermaid).
`;
}

const WORKFLOW = `# Installs, type-checks and tests the platform, then fails when the committed dist/ is not
# what the code synthesizes (run \`npx berth synth\` and commit dist/ to fix).
name: berth
on:
  push:
  pull_request:
jobs:
  berth:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm test
      - run: npx berth diff
      - run: npx berth validate dist
`;

/** The files of a new project: relative path → content. */
export function projectFiles(v: TemplateValues): Map<string, string> {
  return new Map([
    ['package.json', packageJson(v)],
    ['cdk8s.yaml', CDK8S_YAML],
    ['apps/main.ts', MAIN_TS],
    ['test/main.test.ts', MAIN_TEST_TS],
    ['tsconfig.json', TSCONFIG],
    ['jest.config.js', JEST_CONFIG],
    ['.gitignore', GITIGNORE],
    ['README.md', readme(v)],
    ['.github/workflows/berth.yml', WORKFLOW],
  ]);
}
