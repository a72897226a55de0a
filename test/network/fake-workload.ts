import { Construct } from 'constructs';
import { Application, Connections, Environment, Labels } from '../../lib';
import { IPodSelectable } from '../../lib/core/selectable';

/** A minimal workload for network tests: selectable pods with ports, and connections. */
export class FakeWorkload extends Construct implements IPodSelectable {
  public readonly selectorLabels: Record<string, string>;
  public readonly namespace: string;
  public readonly environmentName: string;
  public readonly ports: ReadonlyArray<{
    readonly name?: string;
    readonly port: number;
    readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  }>;
  public readonly connections: Connections;

  public constructor(scope: Construct, id: string, ports: number[] = []) {
    super(scope, id);
    const app = Application.of(this);
    this.selectorLabels = { [Labels.NAME]: id, [Labels.INSTANCE]: app.appName };
    this.namespace = app.namespace!;
    this.environmentName = Environment.of(this).name;
    this.ports = ports.map((port) => ({ port }));
    this.connections = new Connections(this);
  }
}
