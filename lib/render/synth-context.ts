import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { kindOfObject } from '../core/api-resource';
import { KindInfo, kindKey } from '../core/kind-registry';
import { ResolveContext, tokenResolverOf } from '../core/resolve';
import type { Speedups } from '../perf/interfaces';

/**
 * What one `synthesize()` call renders with, made afresh by each call: the tree it renders and
 * the resolve contexts of its two outputs, which carry the tokens that tree issued (its chart
 * values) and no other tree's. Each render installs its context for its duration only (cdk8s
 * renders through `toJson()`, which takes no argument; see `withResolveContext`), so nothing of
 * one synth is left for the next one in the process.
 */
export interface SynthContext {
  /** The construct tree being synthesized. */
  readonly root: IConstruct;
  /** Resolving for plain YAML. */
  readonly plain: ResolveContext;
  /** Resolving for chart templates (chart values become markers). */
  readonly helm: ResolveContext;
  /**
   * Whether a value of the tree resolves differently for Helm than for plain YAML (chart values
   * are declared in it); without any, the plain render is the Helm render.
   */
  readonly helmDiffers: boolean;
  /** The speed-up machinery of this call (caches, the threaded write), made by the orchestrator. */
  readonly speedups: Speedups;
  /**
   * The kinds of the objects rendered (by `kindKey`), filled as they are rendered: what
   * validation and the Helm emitter know of a kind besides the kinds Berth ships. Taken from
   * the objects, not from what the process loaded, so another platform's kinds never show.
   */
  readonly kinds: Map<string, KindInfo>;
}

/** Adds the kind `obj` carries to `kinds`; the first object of a kind decides (tree order). */
export function noteKind(kinds: Map<string, KindInfo> | undefined, obj: ApiObject): void {
  const info = kinds && kindOfObject(obj);
  if (!info) return;
  const key = kindKey(info.apiVersion, info.kind);
  if (!kinds.has(key)) kinds.set(key, info);
}

/** A new context for synthesizing the tree under `root`, with the orchestrator's machinery. */
export function synthContext(root: IConstruct, speedups: Speedups): SynthContext {
  const tokens = tokenResolverOf(root);
  return {
    root,
    plain: { output: 'plain', tokens },
    helm: { output: 'helm', tokens },
    helmDiffers: tokens !== undefined,
    speedups,
    kinds: new Map(),
  };
}
