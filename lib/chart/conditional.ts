import { IConstruct } from 'constructs';
import { Application } from '../core/application';
import { chartState } from './chart-state';
import { declarationOfToken } from './tokens';
import { BooleanValue, ChartValue } from './values';

/**
 * Makes a construct's objects exist only when a boolean chart value is true: plain output
 * includes them per the environment's value; the chart wraps their templates in
 * `{{- if .Values.<value> }}`. Use this instead of a TypeScript `if` on a chart value.
 *
 * @example
 * import { Platform, Environment, Application, ChartValues, Conditional } from 'berth-k8s';
 * import { Construct } from 'constructs';
 * const platform = new Platform();
 * const dev = new Environment(platform, 'dev', { config: {} });
 * const shop = new Application(dev, 'shop');
 * const redisEnabled = ChartValues.of(shop).condition('redis.enabled', { default: false, perEnvironment: { prod: true } });
 * const redis = new Construct(shop, 'redis');
 * Conditional.when(redisEnabled, redis);
 */
export class Conditional {
  /**
   * Makes `construct` conditional on `value`. When the value is false in this environment the
   * construct is taken out of the tree (its objects are not synthesized as plain YAML), but
   * the chart still carries them behind the condition.
   */
  public static when(value: BooleanValue, construct: IConstruct): void {
    const declaration = ChartValue.isChartValue(value) ? value.declaration : declarationOfToken(construct, value);
    const enabled = declaration ? declaration.value === true : false;
    const constructPath = construct.node.path;
    const app = Application.of(construct);
    const detached = !enabled && construct.node.scope !== undefined;
    if (detached) {
      construct.node.scope!.node.tryRemoveChild(construct.node.id);
    }
    chartState(app).conditionals.push({ construct, constructPath, declaration, detached });
  }
}
