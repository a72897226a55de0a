import { InvalidInputError } from '../core/invalid-input-error';
import * as k8s from '../imports/k8s';

/** A transport protocol a network policy port can name. */
export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';

const PORT = Symbol.for('berth.network.Port');

/**
 * A port (or range of ports) and its protocol, as a network policy rule allows it.
 *
 * @example
 * import { Port } from 'berth-k8s';
 * const http = Port.tcp(8080);
 * const dns = Port.udp(53);
 * const ephemeral = Port.tcpRange(32768, 60999);
 */
export class Port {
  /** Whether `x` is a Port (brand check). */
  public static isPort(x: unknown): x is Port {
    return typeof x === 'object' && x !== null && PORT in x;
  }

  /** A TCP port. */
  public static tcp(port: number): Port {
    return new Port('TCP', port);
  }

  /** A UDP port. */
  public static udp(port: number): Port {
    return new Port('UDP', port);
  }

  /** An SCTP port. */
  public static sctp(port: number): Port {
    return new Port('SCTP', port);
  }

  /** A range of TCP ports, both ends included. */
  public static tcpRange(start: number, end: number): Port {
    return new Port('TCP', start, end);
  }

  /** A range of UDP ports, both ends included. */
  public static udpRange(start: number, end: number): Port {
    return new Port('UDP', start, end);
  }

  /** A port of any protocol given by name. */
  public static of(protocol: PortProtocol, port: number, endPort?: number): Port {
    return new Port(protocol, port, endPort);
  }

  private constructor(
    /** The protocol. */
    public readonly protocol: PortProtocol,
    /** The port, or the first port of a range. */
    public readonly port: number,
    /** The last port of a range. */
    public readonly endPort?: number,
  ) {
    Object.defineProperty(this, PORT, { value: true });
    checkPort('port', port);
    if (endPort !== undefined) {
      checkPort('endPort', endPort);
      if (endPort < port) {
        throw new InvalidInputError(
          'Port',
          'endPort',
          endPort,
          `below port ${port}`,
          'endPort >= port',
          `Swap the two ends: Port.of('${protocol}', ${endPort}, ${port}).`,
        );
      }
    }
  }

  /** A stable identity for de-duplication, e.g. `TCP/8080` or `TCP/8000-8100`. */
  public get key(): string {
    return this.endPort === undefined
      ? `${this.protocol}/${this.port}`
      : `${this.protocol}/${this.port}-${this.endPort}`;
  }

  /** The network policy port (wire format). */
  public toNetworkPolicyPort(): k8s.NetworkPolicyPort {
    return this.endPort === undefined
      ? { port: this.port, protocol: this.protocol }
      : { port: this.port, endPort: this.endPort, protocol: this.protocol };
  }
}

function checkPort(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InvalidInputError(
      'Port',
      field,
      value,
      'not a port number',
      'an integer from 1 to 65535',
      "Use the container's port number, e.g. Port.tcp(8080).",
    );
  }
}
