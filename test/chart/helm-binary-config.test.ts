/** `berth.helm` in cdk8s.yaml: the Helm binary `berth synth` renders vendored charts with. */
import * as fs from 'fs';
import * as path from 'path';
import { berth, project } from '../support/berth-project';
import { helmBinary } from '../support/helm-binary';

const PROGRAM = `
import { Platform, Environment, Application, VendoredChart } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {} }), 'hello');
new VendoredChart(app, 'demo', { chart: 'chart' });
`;

function withChart(config: string): string {
  const dir = project(PROGRAM);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: main.ts\noutput: dist\n${config}`);
  fs.mkdirSync(path.join(dir, 'chart', 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
  fs.writeFileSync(
    path.join(dir, 'chart', 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-demo\ndata:\n  a: "1"\n',
  );
  return dir;
}

test('synth renders the chart with the binary berth.helm names, relative to cdk8s.yaml', () => {
  const dir = withChart('');
  fs.writeFileSync(
    path.join(dir, 'cdk8s.yaml'),
    `app: main.ts\noutput: dist\nberth:\n  helm: ${path.relative(dir, helmBinary())}\n`,
  );
  const r = berth(dir, ['synth']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'dist/dev/hello/configmap-hello-demo.yaml'), 'utf8')).toContain(
    'name: hello-demo',
  );
});

test('a berth.helm that is no executable fails the program with the path and both ways to fix it; nothing is written', () => {
  const dir = withChart('berth:\n  helm: tools/helm\n');
  const r = berth(dir, ['synth']);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(
    `dev/hello/demo: field helm: the Helm binary ${path.join(fs.realpathSync(dir), 'tools/helm')} set in ${path.join(fs.realpathSync(dir), 'cdk8s.yaml')} (berth.helm) is not an executable file. Allowed: a Helm binary. Install Helm so that \`helm\` is on PATH, or set its path in cdk8s.yaml under \`berth:\` as \`helm: path/to/helm\` (relative to cdk8s.yaml).`,
  );
  expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
});

test('a berth.helm that is not a path is refused before the program runs', () => {
  const r = berth(withChart('berth:\n  helm: 3\n'), ['synth']);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('berth.helm is 3; it must be the path of the Helm binary');
});
