import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { captureIO as capture } from '../support/capture-io';
import { readTree, tmpDir } from '../support/file-tree';

const repo = path.resolve(__dirname, '../..');

/** A project of two environments (dev, prod) with a ConfigMap each, writing to `output`. */
function project(options: { output?: string } = {}): string {
  const dir = tmpDir('berth-out-cli-');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: main.ts\noutput: ${options.output ?? 'dist'}\n`);
  fs.writeFileSync(path.join(dir, 'main.ts'), `
import { Platform, Environment, Application, ConfigMap } from ${JSON.stringify(path.join(repo, 'lib'))};
export const platform = new Platform();
for (const env of ['dev', 'prod']) {
  const app = new Application(new Environment(platform, env, { config: {} }), 'hello');
  for (let i = 0; i < 1; i++) new ConfigMap(app, 'settings-' + i, { data: { env, text: 'x'.repeat(1) } });
}
`);
  return dir;
}

async function synth(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(['synth', '--policy', 'none', ...args], io, dir);
  return { code, out: io.out, err: io.err };
}

describe('output: in cdk8s.yaml', () => {
  test('an absolute path is that folder, not a folder of that name under the project', async () => {
    const elsewhere = path.join(tmpDir('berth-out-abs-'), 'gitops');
    const dir = project({ output: elsewhere });
    const r = await synth(dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`files in ${elsewhere}/`);
    expect(Object.keys(readTree(elsewhere))).toContain(path.join('dev', 'hello', 'configmap-settings-0.yaml'));
    expect(fs.readdirSync(dir).sort()).toEqual(['.berth-cache', 'cdk8s.yaml', 'main.ts']);
  });

  test('/ is refused, naming /', async () => {
    const dir = project({ output: '/' });
    const r = await synth(dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`berth synth: the output folder / contains the project folder (where cdk8s.yaml is) (${fs.realpathSync(dir)}); synth replaces the whole output folder, so it would delete it\n`
      + '  hint: Write the output to a folder of its own (the default is dist/), or move those files out of it.\n');
  });
});
