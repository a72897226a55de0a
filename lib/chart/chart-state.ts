/**
 * What the Helm module remembers per app (one Application per environment): the values it
 * declared, its conditional constructs and its chart settings. Private to `lib/helm`.
 */
import { IConstruct } from 'constructs';
import { Application } from '../core/application';
import { ValueDeclaration } from './tokens';

/** A construct whose objects exist only when a boolean value is true. */
export interface ConditionalRecord {
  /** The construct made conditional. */
  readonly construct: IConstruct;
  /** Its path, recorded before it was detached (for errors). */
  readonly constructPath: string;
  /** The value it depends on (undefined when what was passed is not a chart value). */
  readonly declaration?: ValueDeclaration;
  /** Whether the construct was taken out of the tree (its value is false in this environment). */
  readonly detached: boolean;
}

/** Settings of the chart (see `HelmChart`). */
export interface ChartSettings {
  readonly version?: string;
  readonly appVersion?: string;
  readonly description?: string;
}

/** The Helm state of one app in one environment. */
export interface AppChartState {
  readonly declarations: ValueDeclaration[];
  readonly conditionals: ConditionalRecord[];
  settings: ChartSettings;
  settingsPath?: string;
}

const states = new WeakMap<Application, AppChartState>();

/** The Helm state of `app` (created empty on first use). */
export function chartState(app: Application): AppChartState {
  let s = states.get(app);
  if (!s) {
    s = { declarations: [], conditionals: [], settings: {} };
    states.set(app, s);
  }
  return s;
}
