import { IConstruct } from 'constructs';
/** Something whose pods can be selected: a workload. Network policies, Services and PDBs select through this. */
export interface IPodSelectable extends IConstruct {
  /** Labels that select exactly this workload's pods. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The namespace the pods run in. */
  readonly namespace: string;
  /** The environment name, to refuse cross-environment references. */
  readonly environmentName: string;
  /** Container ports by name → number, for defaulting policy and service ports. */
  readonly ports: ReadonlyArray<{
    readonly name?: string;
    readonly port: number;
    readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  }>;
}
