import { ManifestRecord } from '../model/manifest';
import { isRecord } from '../model/is-record';
import { asObject, asObjects, asString, nameOf, PlacedFinding, Wanted } from './finding';
import { describeSelector, isEmptySelector, selectorMatches } from './label-selector';
import { ObjectIndex, TemplateAt } from './object-index';
import { PodTemplate } from './pod-templates';

/**
 * High availability (the checks Polaris, kube-linter and kube-score share): a workload runs at
 * least two replicas, spreads them over nodes, and has a PodDisruptionBudget that still lets a
 * node be drained. Each object is looked at once; what selects what comes from the index.
 */

/** Kinds whose replica count a PDB can be measured against. */
const COUNTED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** Kinds the replica rules apply to (kube-score's and Polaris' choice: the long-running controllers). */
const HA_KINDS = new Set(['Deployment', 'StatefulSet']);

/** A workload with a replica count: declared, or its autoscaler's minimum. */
interface Counted {
  readonly at: TemplateAt;
  readonly kind: string;
  readonly name: string;
  /** `spec.replicas` (1 when unset), undefined when it is not a whole number. */
  readonly replicas: number | undefined;
  /** The autoscaler that sets the count, and its minReplicas (1 when unset). */
  readonly hpa: { readonly record: ManifestRecord; readonly min: number } | undefined;
}

/** The count the workload runs at its lowest. */
function lowest(w: Counted): number | undefined {
  return w.hpa ? w.hpa.min : w.replicas;
}

function describe(w: Counted): string {
  return w.hpa
    ? `${w.kind} ${w.name}: HPA minReplicas ${w.hpa.min}`
    : `${w.kind} ${w.name}: ${w.replicas} ${w.replicas === 1 ? 'replica' : 'replicas'}`;
}

function isWhole(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Checks replicas, spreading and disruption budgets of one environment. */
export function checkAvailability(index: ObjectIndex, wanted: Wanted = () => true): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  // The autoscaler of each workload record (the first that targets it).
  const hpaOf = new Map<ManifestRecord, { record: ManifestRecord; min: number }>();
  for (const record of index.ofKind('HorizontalPodAutoscaler')) {
    const o = asObject(record.object);
    const spec = asObject(o.spec);
    const ref = asObject(spec.scaleTargetRef);
    const min = spec.minReplicas === undefined ? 1 : spec.minReplicas;
    if (isWhole(min) && min < 2 && wanted(record, 'policy/min-replicas')) {
      out.push({
        record,
        finding: {
          rule: 'policy/min-replicas',
          field: 'spec.minReplicas',
          value: spec.minReplicas,
          message: `HorizontalPodAutoscaler ${nameOf(o)} may scale ${String(ref.kind)} ${String(ref.name)} down to ${min} pod${spec.minReplicas === undefined ? ' (minReplicas unset: 1)' : ''}: one crash or node drain then takes it down`,
          hint: 'Set minReplicas to 2 or more, or waive policy/min-replicas where one pod is enough (a dev environment).',
        },
      });
    }
    const kind = asString(ref.kind);
    const name = asString(ref.name);
    if (!kind || !name || !isWhole(min)) continue;
    const target = index.find(kind, asString(asObject(o.metadata).namespace) ?? '', name);
    if (target && !hpaOf.has(target)) hpaOf.set(target, { record, min });
  }
  const counted = new Map<PodTemplate, Counted>();
  for (const at of index.templates) {
    const o = asObject(at.record.object);
    const kind = String(o.kind);
    if (!COUNTED_KINDS.has(kind)) continue;
    const declared = asObject(o.spec).replicas;
    const replicas = declared === undefined ? 1 : isWhole(declared) ? declared : undefined;
    const hpa = hpaOf.get(at.record);
    const w: Counted = { at, kind, name: nameOf(o), replicas, hpa };
    counted.set(at.template, w);
    if (!HA_KINDS.has(kind) || hpa) continue;
    if (replicas === 1 && wanted(at.record, 'policy/min-replicas')) {
      out.push({
        record: at.record,
        finding: {
          rule: 'policy/min-replicas',
          field: 'spec.replicas',
          value: declared,
          message: `${kind} ${w.name} runs 1 replica${declared === undefined ? ' (replicas unset: 1)' : ''}: one crash or node drain takes it down`,
          hint: 'Set replicas to 2 or more (with anti-affinity and a PodDisruptionBudget), or waive policy/min-replicas where one instance is meant (a dev environment, a singleton).',
        },
      });
    }
  }
  const budgeted = checkBudgets(index, counted, out);
  for (const w of counted.values()) {
    const n = lowest(w);
    if (!HA_KINDS.has(w.kind) || n === undefined || n < 2) continue;
    const running = w.hpa ? `at least ${n} replicas (HPA minReplicas)` : `${n} replicas`;
    if (wanted(w.at.record, 'policy/pod-anti-affinity') && !spreadsOwnPods(w.at.template)) {
      out.push({
        record: w.at.record,
        finding: {
          rule: 'policy/pod-anti-affinity',
          field: `${w.at.template.specPath}.affinity`,
          message: `${w.kind} ${w.name} runs ${running} but has no pod anti-affinity or topology spread constraint selecting its own pods: the scheduler may put them all on one node`,
          hint: `Spread them (spread: [Spread.onePerNode()] or Spread.acrossZones()): a podAntiAffinity term or topologySpreadConstraint whose labelSelector is the workload's (${describeSelector(asObject(w.at.record.object.spec).selector)}).`,
        },
      });
    }
    if (!budgeted.has(w.at.template) && wanted(w.at.record, 'policy/pdb-missing')) {
      out.push({
        record: w.at.record,
        finding: {
          rule: 'policy/pdb-missing',
          field: w.at.template.metadataPath + '.labels',
          value: w.at.template.labels,
          message: `${w.kind} ${w.name} runs ${running} but no PodDisruptionBudget selects its pods: a node drain may evict all of them at once`,
          hint: 'Add a PodDisruptionBudget selecting its pods, e.g. workload.addDisruptionBudget({ maxUnavailable: 1 }).',
        },
      });
    }
  }
  return out;
}

/**
 * The budgets: each PDB that lets no pod be evicted is reported. Returns the templates some
 * PDB selects.
 */
function checkBudgets(
  index: ObjectIndex,
  counted: ReadonlyMap<PodTemplate, Counted>,
  out: PlacedFinding[],
): Set<PodTemplate> {
  const budgeted = new Set<PodTemplate>();
  for (const record of index.ofKind('PodDisruptionBudget')) {
    const o = asObject(record.object);
    const spec = asObject(o.spec);
    const selector = spec.selector;
    if (!isRecord(selector) || isEmptySelector(selector)) continue;
    const ns = asString(asObject(o.metadata).namespace) ?? '';
    const selected = index
      .templatesWithLabels(ns, asObject(selector.matchLabels))
      .filter((t) => selectorMatches(selector, t.template.labels));
    // A budget selecting nothing is reference/pdb-selector's.
    if (selected.length === 0) continue;
    for (const t of selected) budgeted.add(t.template);
    const pdb = `PodDisruptionBudget ${nameOf(o)}`;
    const push = (field: string, value: unknown, message: string, hint: string): void => {
      out.push({ record, finding: { rule: 'policy/pdb-no-disruption', field, value, message, hint } });
    };
    const maxU = spec.maxUnavailable;
    if (maxU === 0 || maxU === '0%') {
      push(
        'spec.maxUnavailable',
        maxU,
        `${pdb} has maxUnavailable ${JSON.stringify(maxU)}: no pod may ever be evicted, so node drains and cluster upgrades wait forever`,
        'Set maxUnavailable to 1 (or a percentage above 0).',
      );
      continue;
    }
    const minA = spec.minAvailable;
    if (minA === '100%') {
      push(
        'spec.minAvailable',
        minA,
        `${pdb} has minAvailable "100%": no pod may ever be evicted, so node drains and cluster upgrades wait forever`,
        'Use maxUnavailable: 1, or a minAvailable percentage below 100%.',
      );
      continue;
    }
    // Against the pods it selects, counted at their lowest: only when every one is counted.
    const workloads = selected.map((t) => counted.get(t.template));
    if (minA === undefined || workloads.some((w) => w === undefined || lowest(w) === undefined)) continue;
    const total = workloads.reduce((sum, w) => sum + lowest(w!)!, 0);
    const percent = typeof minA === 'string' ? /^([0-9]+)%$/.exec(minA) : null;
    const required = isWhole(minA) ? minA : percent ? Math.ceil((total * Number(percent[1])) / 100) : undefined;
    if (required === undefined || required < total) continue;
    const pods = workloads.map((w) => describe(w!)).join('; ');
    push(
      'spec.minAvailable',
      minA,
      `${pdb} has minAvailable ${JSON.stringify(minA)}, and the pods it selects number ${total} (${pods}): no pod may ever be evicted, so node drains and cluster upgrades wait forever`,
      total > 1
        ? `Set minAvailable to ${total - 1} or less, or use maxUnavailable: 1.`
        : 'One pod cannot be both protected and evictable: run 2 or more replicas, or remove the budget.',
    );
  }
  return budgeted;
}

/** Whether a podAntiAffinity term or a topology spread constraint selects the pod's own labels. */
function spreadsOwnPods(t: PodTemplate): boolean {
  const anti = asObject(asObject(t.spec.affinity).podAntiAffinity);
  const terms = [
    ...asObjects(anti.requiredDuringSchedulingIgnoredDuringExecution),
    ...asObjects(anti.preferredDuringSchedulingIgnoredDuringExecution).map((w) => asObject(w.podAffinityTerm)),
    ...asObjects(t.spec.topologySpreadConstraints),
  ];
  return terms.some((term) => isRecord(term.labelSelector) && selectorMatches(term.labelSelector, t.labels));
}
