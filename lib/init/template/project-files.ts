/**
 * The files `berth init` writes, as functions of the project's settings. Each file is one
 * template string, kept here (not as loose files) so it ships inside the compiled package.
 * `test/init` synthesizes and tests a project made from them.
 */

/** What the templates are filled with. */
export interface TemplateValues {
  /** The npm package name of the new project. */
  readonly name: string;
  /** The `berth` dependency: a version range (`^0.1.0`) or `file:/path/to/berth`. */
  readonly berth: string;
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
      test: 'jest',
    },
    dependencies: { 'berth-k8s': v.berth },
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
  Application, ConfigMap, Cpu, Deployment, EnvFrom, Environment, NetworkPolicies, Peer, Platform, Probe, Size,
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
  // Deny all traffic but DNS, then open what the app needs.
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);
  const settings = new ConfigMap(app, 'settings', { data: { LOG_LEVEL: env.config.logLevel } });
  const web = new Deployment(app, 'web', {
    replicas: env.config.replicas,
    containers: [{
      image: 'nginxinc/nginx-unprivileged:1.27.3',
      ports: [{ port: 8080, name: 'http' }],
      envFrom: [EnvFrom.configMap(settings)],
      resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } },
      readiness: Probe.http('/'),
    }],
  });
  web.exposeViaService();
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
    module: 'commonjs',
    moduleResolution: 'node',
    lib: ['ES2022'],
    types: ['node', 'jest'],
    strict: true,
    esModuleInterop: true,
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
    '^.+\\\\.ts$': ['ts-jest', { diagnostics: false }],
  },
};
`;

function readme(v: TemplateValues): string {
  return `# ${v.name}

A Kubernetes platform written with Berth: apps are
TypeScript functions of a typed configuration (\`apps/main.ts\`), added to every environment
(\`dev\`, \`prod\`); \`berth synth\` writes validated YAML to \`dist/<environment>/<app>/\`.

\`\`\`sh
npm install && npx berth synth
npm test
\`\`\`

- \`npx berth diff\` shows how the code differs from \`dist/\` (and flags replacements);
- \`npx berth graph --env dev\` draws the apps and their allowed network flows (Mermaid).
`;
}

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
  ]);
}
