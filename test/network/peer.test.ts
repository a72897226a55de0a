import { Peer, Port } from '../../lib';

describe('Peer.ipBlock checks its CIDR', () => {
  test('a missing IPv4 mask is refused with the /32 hint', () => {
    expect(() => Peer.ipBlock('10.0.0.1')).toThrow(
      'Peer.ipBlock: field ipBlock.cidr: the mask is missing (got "10.0.0.1").',
    );
    expect(() => Peer.ipBlock('10.0.0.1')).toThrow('Did you mean "10.0.0.1/32"?');
  });

  test('a missing IPv6 mask is refused with the /128 hint', () => {
    expect(() => Peer.ipBlock('fd00::1')).toThrow('Did you mean "fd00::1/128"?');
  });

  test('host bits set are refused with the network address as a hint', () => {
    expect(() => Peer.ipBlock('10.0.0.1/8')).toThrow(
      'host bits are set: a /8 block starts at its network address (got "10.0.0.1/8").',
    );
    expect(() => Peer.ipBlock('10.0.0.1/8')).toThrow('Did you mean "10.0.0.0/8"?');
    expect(() => Peer.ipBlock('fd00::1/64')).toThrow('Did you mean "fd00::/64"?');
    expect(() => Peer.ipBlock('2001:db8:0:0:1::/48')).toThrow('Did you mean "2001:db8::/48"?');
  });

  test('a mask out of range and a bad address are refused', () => {
    expect(() => Peer.ipBlock('10.0.0.0/33')).toThrow(
      'the mask "33" is not a number from 0 to 32 (IPv4) (got "10.0.0.0/33")',
    );
    expect(() => Peer.ipBlock('10.0.0.256/32')).toThrow(
      '"10.0.0.256" is not an IPv4 or IPv6 address (got "10.0.0.256/32")',
    );
    expect(() => Peer.ipBlock('fd00::/129')).toThrow('is not a number from 0 to 128 (IPv6)');
    expect(() => Peer.ipBlock('1::2::3/64')).toThrow('is not an IPv4 or IPv6 address');
  });

  test('except blocks must be valid and strictly inside the block', () => {
    expect(() => Peer.ipBlock('10.0.0.0/8', { except: ['10.1.0.1'] })).toThrow(
      'field ipBlock.except[0]: the mask is missing (got "10.1.0.1")',
    );
    expect(() => Peer.ipBlock('10.0.0.0/8', { except: ['192.168.0.0/16'] })).toThrow(
      'field ipBlock.except[0]: not strictly inside "10.0.0.0/8" (got "192.168.0.0/16")',
    );
    expect(() => Peer.ipBlock('10.0.0.0/8', { except: ['10.0.0.0/8'] })).toThrow('not strictly inside');
  });

  test('valid blocks render as written', () => {
    expect(Peer.ipBlock('0.0.0.0/0').toNetworkPolicyPeer('x')).toEqual({ ipBlock: { cidr: '0.0.0.0/0' } });
    expect(Peer.ipBlock('fd00::/8', { except: ['fd00:1::/32'] }).toNetworkPolicyPeer('x')).toEqual({
      ipBlock: { cidr: 'fd00::/8', except: ['fd00:1::/32'] },
    });
    expect(Peer.ipBlock('::ffff:10.0.0.0/104').peerName).toBe('cidr-ffff-10-0-0-0-104');
  });
});

describe('other peers', () => {
  test('Peer.namespace selects by the kubernetes.io/metadata.name label and checks the name', () => {
    expect(Peer.namespace('monitoring').toNetworkPolicyPeer('shop')).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    });
    expect(() => Peer.namespace('Monitoring')).toThrow(
      'Peer.namespace: field namespace: not a valid DNS-1123 label (got "Monitoring")',
    );
    expect(() => Peer.namespace('Monitoring')).toThrow('Did you mean "monitoring"?');
  });

  test('Peer.namespaceSelector checks label keys and values', () => {
    expect(Peer.namespaceSelector({ labels: {} }).toNetworkPolicyPeer('x')).toEqual({
      namespaceSelector: { matchLabels: {} },
    });
    expect(() => Peer.namespaceSelector({ labels: { team: 'data team' } })).toThrow(
      'Peer.namespaceSelector: field namespaceSelector.matchLabels.team: not a valid label value (got "data team")',
    );
    expect(() => Peer.namespaceSelector({ labels: { 'bad key!': 'x' } })).toThrow(
      'not a valid label key (got "bad key!")',
    );
  });

  test('Peer.pods in another namespace adds a namespaceSelector, in the same namespace it does not', () => {
    const peer = Peer.pods({ role: 'db' }, { namespace: 'data' });
    expect(peer.toNetworkPolicyPeer('data')).toEqual({ podSelector: { matchLabels: { role: 'db' } } });
    expect(peer.toNetworkPolicyPeer('shop')).toEqual({
      podSelector: { matchLabels: { role: 'db' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } },
    });
  });
});

describe('Port', () => {
  test('renders protocol, port and range', () => {
    expect(Port.tcp(8080).toNetworkPolicyPort()).toEqual({ port: 8080, protocol: 'TCP' });
    expect(Port.udp(53).toNetworkPolicyPort()).toEqual({ port: 53, protocol: 'UDP' });
    expect(Port.sctp(9).toNetworkPolicyPort()).toEqual({ port: 9, protocol: 'SCTP' });
    expect(Port.tcpRange(8000, 8100).toNetworkPolicyPort()).toEqual({ port: 8000, endPort: 8100, protocol: 'TCP' });
  });

  test('refuses numbers outside 1-65535 and reversed ranges', () => {
    expect(() => Port.tcp(0)).toThrow(
      'Port: field port: not a port number (got 0). Allowed: an integer from 1 to 65535.',
    );
    expect(() => Port.tcp(70000)).toThrow('not a port number (got 70000)');
    expect(() => Port.tcp(80.5)).toThrow('not a port number (got 80.5)');
    expect(() => Port.tcpRange(9000, 8000)).toThrow(
      'Port: field endPort: below port 9000 (got 8000). Allowed: endPort >= port.',
    );
  });
});
