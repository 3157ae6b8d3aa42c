import { ConfigurationError } from '../errors.js';
import { parseTopology } from './options.js';
import { flagLabel, inputLabel, optionReader } from './reader.js';
import { parseSshHost } from '../targets/ssh/options.js';
import { parseTarget } from './target-options.js';

const reader = (values: Record<string, string>, label = flagLabel) => optionReader((name) => values[name], label);
const errorOf = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('no error');
};

describe('parseTarget', () => {
  it('is local unless told otherwise, and names the allowed targets', () => {
    expect(parseTarget(reader({}))).toEqual({ kind: 'local' });
    expect(errorOf(() => parseTarget(reader({ target: 'k8s' }, inputLabel)))).toBe(
      "input 'target' is 'k8s'; allowed: one of local, container, ssh",
    );
  });

  it('takes image and network for containers, and refuses them for another target', () => {
    expect(parseTarget(reader({ target: 'container', image: 'localhost/etcd:test', network: 'ci-net' }))).toEqual({
      kind: 'container',
      image: 'localhost/etcd:test',
      network: 'ci-net',
    });
    expect(errorOf(() => parseTarget(reader({ image: 'etcd:v3' })))).toBe(
      "--image is 'etcd:v3'; allowed: nothing unless target is container (target is local)",
    );
    expect(errorOf(() => parseTarget(reader({ target: 'container', network: 'bad name' })))).toMatch(
      /^--network is 'bad name'; allowed: a network name/,
    );
  });

  it('takes hosts, key and known hosts for ssh, never naming the key', () => {
    const target = parseTarget(
      reader({
        target: 'ssh',
        hosts: 'root@10.0.0.1, admin@node-2.example:2222\nroot@[fd00::3]',
        'ssh-key': 'k',
        'known-hosts': 'h',
      }),
    );
    expect(target).toEqual({
      kind: 'ssh',
      hosts: [
        { user: 'root', host: '10.0.0.1', port: 22 },
        { user: 'admin', host: 'node-2.example', port: 2222 },
        { user: 'root', host: 'fd00::3', port: 22 },
      ],
      sshKey: 'k',
      knownHosts: 'h',
    });
    expect(errorOf(() => parseTarget(reader({ target: 'ssh', hosts: 'root@10.0.0.1' })))).toMatch(
      /^--ssh-key is ''; allowed: the private key/,
    );
    expect(errorOf(() => parseTarget(reader({ target: 'ssh', hosts: 'root@10.0.0.1', 'ssh-key': 'k' })))).toMatch(
      /^--known-hosts is ''; allowed: known_hosts lines .*host keys are always checked/,
    );
    expect(
      errorOf(() => parseTarget(reader({ target: 'ssh', hosts: '10.0.0.1', 'ssh-key': 'k', 'known-hosts': 'h' }))),
    ).toMatch(/^--hosts is '10.0.0.1'; allowed: user@host\[:port\]/);
    expect(
      errorOf(() =>
        parseTarget(reader({ target: 'ssh', hosts: 'a@10.0.0.1,b@10.0.0.1', 'ssh-key': 'k', 'known-hosts': 'h' })),
      ),
    ).toMatch(/10\.0\.0\.1 appears twice/);
    expect(errorOf(() => parseTarget(reader({ 'ssh-key': 'secret-key-text' })))).toBe(
      "--ssh-key is '***'; allowed: nothing unless target is ssh (target is local)",
    );
  });

  it('parses user@host[:port] strictly', () => {
    expect(parseSshHost('root@10.1.2.3:22')).toEqual({ user: 'root', host: '10.1.2.3', port: 22 });
    for (const bad of [
      'root@',
      '@host',
      'root@host:0',
      'root@host:70000',
      'root@[10.0.0.1]',
      'ro ot@host',
      'root@host_1',
    ])
      expect(parseSshHost(bad)).toBeUndefined();
  });
});

describe('parseTopology per target', () => {
  it('makes the ssh hosts the members', () => {
    const target = parseTarget(
      reader({ target: 'ssh', hosts: 'root@10.9.0.5,root@10.9.0.6,root@10.9.0.7', 'ssh-key': 'k', 'known-hosts': 'h' }),
    );
    expect(parseTopology(reader({}), target).memberList).toEqual([
      { name: 'etcd-1', address: '10.9.0.5' },
      { name: 'etcd-2', address: '10.9.0.6' },
      { name: 'etcd-3', address: '10.9.0.7' },
    ]);
    expect(errorOf(() => parseTopology(reader({ members: '5' }), target))).toBe(
      "--members is '5'; allowed: 3, the number of entries in hosts (or leave it out)",
    );
    expect(errorOf(() => parseTopology(reader({ 'base-address': '10.0.0.1' }), target))).toBe(
      "--base-address is '10.0.0.1'; allowed: nothing when target is ssh (the members are the hosts)",
    );
  });

  it('puts containers on a /24 of their own, never on loopback', () => {
    const container = { kind: 'container' as const };
    expect(parseTopology(reader({}), container).baseAddress).toMatch(/^172\.30\.\d+\.11$/);
    expect(parseTopology(reader({ 'base-address': '10.20.30.40' }), container).baseAddress).toBe('10.20.30.40');
    expect(errorOf(() => parseTopology(reader({ 'base-address': '127.0.0.11' }), container))).toMatch(
      /^--base-address is '127.0.0.11'; allowed: an IPv4 address a.b.c.z, not loopback/,
    );
    expect(errorOf(() => parseTopology(reader({ 'base-address': '10.0.0.1' }), container))).toMatch(/z from 2 to 252/);
    expect(errorOf(() => parseTopology(reader({ 'member-list': 'a=10.0.0.2' }), container))).toMatch(
      /nothing when target is container/,
    );
  });
});
