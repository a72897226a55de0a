/**
 * Typed chart values: settings a user of the Helm chart may change, usable wherever a construct
 * takes a number, string, boolean, object or list. Plain output gets the environment's value;
 * the chart gets `{{ .Values.<path> }}`, a default in `values.yaml`, the environment's setting in
 * `values-<env>.yaml` and a JSON Schema entry in `values.schema.json`.
 */
import { IConstruct } from 'constructs';
import { Application } from '../core/application';
import { Environment } from '../core/environment';
import { RESOLVABLE, Resolvable, ResolveContext } from '../core/resolve';
import { chartState } from './chart-state';
import {
  numberToken,
  registerDeclaration,
  resolveDeclaration,
  stringToken,
  ValueConstraints,
  ValueDeclaration,
  ValueType,
} from './tokens';

/** Options every value takes. */
export interface ValueOptions<T> {
  /** The chart default, written to `values.yaml`. */
  readonly default: T;
  /** What the value is for (the schema's `description`). @default - none */
  readonly description?: string;
  /** The value per environment name, written to `values-<env>.yaml`. @default - the default everywhere */
  readonly perEnvironment?: Readonly<Record<string, T>>;
}

/** Options of {@link ChartValues.number}. */
export interface NumberValueOptions extends ValueOptions<number> {
  /** Smallest allowed value. @default - none */
  readonly minimum?: number;
  /** Largest allowed value. @default - none */
  readonly maximum?: number;
  /** Whether only whole numbers are allowed. @default - true when every given value is whole */
  readonly integer?: boolean;
  /** The allowed values. @default - any */
  readonly enum?: readonly number[];
}

/** Options of {@link ChartValues.string}. */
export interface StringValueOptions extends ValueOptions<string> {
  /** The allowed values. @default - any */
  readonly enum?: readonly string[];
  /** A regular expression (ECMA 262, as JSON Schema uses) the value must match. @default - any */
  readonly pattern?: string;
}

/** Options of {@link ChartValues.boolean} and {@link ChartValues.condition}. */
export type BooleanValueOptions = ValueOptions<boolean>;

/** Options of {@link ChartValues.object} and {@link ChartValues.list}. */
export interface StructuredValueOptions<T> extends ValueOptions<T> {
  /** JSON Schema of the value (merged into `values.schema.json`). @default - only the type */
  readonly schema?: Readonly<Record<string, unknown>>;
}

const CHART_VALUE = Symbol.for('berth.helm.ChartValue');

/**
 * A boolean, object or list value: a placeholder resolved per output. Use it where a construct
 * takes such a value (cast with {@link BooleanValue.asBoolean} or the typed return of
 * `ChartValues.object/list`).
 */
export class ChartValue implements Resolvable {
  /** Whether `x` is a chart value (a brand check that works across library copies). */
  public static isChartValue(x: unknown): x is ChartValue {
    return typeof x === 'object' && x !== null && CHART_VALUE in x;
  }

  public readonly [RESOLVABLE] = true as const;

  /** @internal */
  public constructor(public readonly declaration: ValueDeclaration) {
    Object.defineProperty(this, CHART_VALUE, { value: true });
  }

  /** The value path, e.g. `redis.enabled`. */
  public get name(): string {
    return this.declaration.name;
  }

  /** Plain output: the environment's value; Helm: a marker the chart writer turns into `.Values`. */
  public resolve(context: ResolveContext): unknown {
    return resolveDeclaration(this.declaration, context);
  }

  /** The string token, so the value can be interpolated into strings. */
  public toString(): string {
    return stringToken(this.declaration);
  }
}

/** A boolean chart value; the condition of a {@link Conditional}. */
export class BooleanValue extends ChartValue {
  /** This environment's value. */
  public get value(): boolean {
    return this.declaration.value === true;
  }

  /** The placeholder typed as a boolean, for construct props that take one. */
  public asBoolean(): boolean {
    return this as unknown as boolean;
  }
}

/**
 * Declares the typed values of an app's Helm chart.
 *
 * @example
 * import { Platform, Environment, Application, ChartValues } from 'berth-k8s';
 * const platform = new Platform();
 * const prod = new Environment(platform, 'prod', { config: {} });
 * const shop = new Application(prod, 'shop');
 * const v = ChartValues.of(shop);
 * const replicas: number = v.number('frontend.replicas', { default: 1, minimum: 1, perEnvironment: { prod: 3 } });
 * const tag: string = v.string('image.tag', { default: '1.0.0', pattern: '^[0-9.]+$' });
 */
export class ChartValues {
  /** The values of the app `scope` is in; declarations record `scope`'s path for errors. */
  public static of(scope: IConstruct): ChartValues {
    return new ChartValues(scope);
  }

  private readonly app: Application;
  private readonly environment: string;

  private constructor(private readonly scope: IConstruct) {
    this.app = Application.of(scope);
    this.environment = Environment.of(scope).name;
  }

  /** A number value; returns a number token. */
  public number(name: string, options: NumberValueOptions): number {
    const all = [options.default, ...Object.values(options.perEnvironment ?? {})];
    const integer = options.integer ?? all.every((n) => Number.isInteger(n));
    const decl = this.declare(name, integer ? 'integer' : 'number', options, {
      minimum: options.minimum,
      maximum: options.maximum,
      enum: options.enum,
    });
    return numberToken(this.scope, decl);
  }

  /** A string value; returns a string token that may be embedded in larger strings. */
  public string(name: string, options: StringValueOptions): string {
    return stringToken(this.declare(name, 'string', options, { enum: options.enum, pattern: options.pattern }));
  }

  /** A boolean value. */
  public boolean(name: string, options: BooleanValueOptions): BooleanValue {
    return new BooleanValue(this.declare(name, 'boolean', options, {}));
  }

  /** A boolean value meant as the condition of a {@link Conditional} (e.g. `redis.enabled`). */
  public condition(name: string, options: BooleanValueOptions): BooleanValue {
    return this.boolean(name, options);
  }

  /** An object value, rendered with `toYaml`; returns the placeholder typed as `T`. */
  public object<T extends object>(name: string, options: StructuredValueOptions<T>): T {
    return new ChartValue(this.declare(name, 'object', options, { schema: options.schema })) as unknown as T;
  }

  /** A list value, rendered with `toYaml`; returns the placeholder typed as a list. */
  public list<T>(name: string, options: StructuredValueOptions<readonly T[]>): T[] {
    return new ChartValue(this.declare(name, 'list', options, { schema: options.schema })) as unknown as T[];
  }

  private declare<T>(
    name: string,
    type: ValueType,
    options: ValueOptions<T>,
    constraints: ValueConstraints,
  ): ValueDeclaration {
    const per = options.perEnvironment ?? {};
    const value = Object.prototype.hasOwnProperty.call(per, this.environment) ? per[this.environment] : options.default;
    const decl = registerDeclaration(this.scope, {
      name,
      type,
      environment: this.environment,
      constructPath: this.scope.node.path,
      defaultValue: options.default,
      value,
      constraints: dropUndefined({ ...constraints, description: options.description }),
    });
    chartState(this.app).declarations.push(decl);
    return decl;
  }
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
