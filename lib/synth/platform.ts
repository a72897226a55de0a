import { IResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { synthesize, SynthOptions, SynthResult } from './synthesizer';

const PLATFORM = Symbol.for('berth.Platform');

/**
 * The root of a Berth program: environments are its children, apps theirs.
 * The program's entry module exports it (`export const platform = new Platform()`) and
 * `berth synth` synthesizes it.
 *
 * @example
 * import { Platform, Environment, Application } from 'berth-k8s';
 * export const platform = new Platform();
 * const dev = new Environment(platform, 'dev', { config: {} });
 * new Application(dev, 'shop');
 */
export class Platform extends Construct {
  /** Whether `x` is a Platform (brand check). */
  public static isPlatform(x: unknown): x is Platform {
    return typeof x === 'object' && x !== null && PLATFORM in x;
  }

  /**
   * cdk8s resolvers, read by cdk8s internals (`App.of(x).resolvers`). Empty on purpose: Berth
   * resolves lazy values and placeholders itself, once, in `resolveValue`.
   */
  public readonly resolvers: IResolver[] = [];

  public constructor() {
    super(undefined as unknown as Construct, '');
    Object.defineProperty(this, PLATFORM, { value: true });
  }

  /** Renders, validates and writes the platform (see {@link synthesize}). */
  public synth(options: SynthOptions = {}): SynthResult {
    return synthesize(this, options);
  }
}
