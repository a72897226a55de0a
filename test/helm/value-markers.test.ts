// No chart value is declared in this platform: the Helm render is then the plain render.
import { Application, Environment, Platform } from 'berth-k8s';
import * as k8s from '../../lib/imports/k8s';
import { hasDeclarations } from '../../lib/chart/tokens';

test('without any chart value, text that looks like a value marker is data, in the chart as in the plain YAML', () => {
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
  const text = 'literal ${BerthValue:image.tag} text';
  new k8s.ConfigMap(app, 'cfg', { data: { note: text } });
  const result = platform.synth({ dryRun: true, format: 'all', policy: 'none' });
  expect(hasDeclarations(platform)).toBe(false);
  expect(result.warnings.filter((p) => p.severity === 'error')).toEqual([]);
  const plain = result.contents.get('dev/shop/configmap-cfg.yaml')!;
  const template = result.contents.get('charts/shop/templates/configmap-cfg.yaml')!;
  expect(plain).toContain(`note: ${text}`);
  // The chart writes strings as Go template literals; the text itself is unchanged.
  expect(template).toContain('literal ${BerthValue:image.tag} text');
  expect(template).not.toContain('.Values.image');
});
