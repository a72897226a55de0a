import { IConstruct } from 'constructs';
import { Waiver } from '../model/problem';
import { InvalidInputError } from './invalid-input-error';
import { unknownRule } from '../model/rule-names';
import { waiverAnnotationKey } from '../model/waiver-annotations';

const WAIVERS = Symbol.for('berth.waivers');
const NONE: readonly Waiver[] = Object.freeze([]);

interface WithWaivers {
  [WAIVERS]?: Waiver[];
}

/**
 * Waives validation rules for a construct and everything inside it. A waiver needs a written
 * reason; every waiver is listed in the synth report.
 *
 * @example
 * import { Platform, Environment, Application, Waivers } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'legacy');
 * Waivers.of(app).waive('policy/read-only-root-filesystem', 'the vendor image writes to /tmp; tracked in OPS-12');
 */
export class Waivers {
  /** The waivers facade of `scope`. */
  public static of(scope: IConstruct): Waivers {
    return new Waivers(scope);
  }

  /** Every waiver that applies to `scope`: its own and those of enclosing constructs. */
  public static collect(scope: IConstruct): Waiver[] {
    return scope.node.scopes.flatMap((s) => Waivers.declaredOn(s));
  }

  /** The waivers declared on `scope` itself (not those of enclosing constructs). */
  public static declaredOn(scope: IConstruct): readonly Waiver[] {
    return (scope as unknown as WithWaivers)[WAIVERS] ?? NONE;
  }

  private constructor(private readonly scope: IConstruct) {}

  /** Waives `rule` (e.g. `policy/run-as-non-root`) for the construct, for `reason`. */
  public waive(rule: string, reason: string): void {
    if (!reason || reason.trim().length < 10) {
      throw new InvalidInputError(
        this.scope.node.path,
        `waive(${JSON.stringify(rule)}, reason)`,
        reason,
        'too short to say why',
        'a written reason of at least 10 characters',
        'Say why the rule does not apply here.',
      );
    }
    const unknown = unknownRule(rule);
    if (unknown) {
      throw new InvalidInputError(
        this.scope.node.path,
        'waive(rule, reason)',
        rule,
        unknown.reason,
        'the name of a rule Berth reports',
        unknown.hint,
      );
    }
    // The waiver travels with the output as an annotation (waive.berth.dev/<family>.<rule>).
    if (waiverAnnotationKey(rule) === undefined) {
      throw new InvalidInputError(
        this.scope.node.path,
        'waive(rule, reason)',
        rule,
        'makes no annotation key (waive.berth.dev/<family>.<rule>: at most 63 characters, letters, digits, -, _ and .)',
        'the name of a rule Berth reports',
        'Copy the rule name from the report of the problem.',
      );
    }
    const holder = this.scope as unknown as WithWaivers;
    if (!holder[WAIVERS]) {
      Object.defineProperty(holder, WAIVERS, { value: [], enumerable: false });
    }
    holder[WAIVERS]!.push({ rule, reason: reason.trim(), constructPath: this.scope.node.path });
  }
}
