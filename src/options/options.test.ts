import { ConfigurationError } from '../errors.js';
import { CHECK_NAMES, CHECKS } from '../checks/registry.js';
import {
  memberCountWarning,
  parseChecks,
  parseCheckSelection,
  parseClusterOptions,
  parseConfigPath,
  parseEtcdBinary,
  parseTiming,
  parseTopology,
  parseUpgradeRelease,
} from './options.js';
import { flagLabel, inputLabel, optionReader } from './reader.js';

const reader = (values: Record<string, string>, label = flagLabel) => optionReader((name) => values[name], label);
/** What `all` runs without an upgrade release: every check but the upgrade. */
const WITHOUT_RELEASE = CHECKS.filter((check) => !check.needsRelease).map((check) => check.name);

function errorOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('options', () => {
  it('takes the documented defaults when nothing is given', () => {
    const read = reader({});
    expect(parseTopology(read)).toEqual({
      members: 3,
      baseAddress: '127.0.0.11',
      clientPort: 2379,
      peerPort: 2380,
      extraSans: [],
      certValidityDays: 365,
      keyAlgorithm: 'ecdsa-p256',
    });
    expect(parseTiming(read)).toEqual({ heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 60000 });
    expect(parseChecks(read, 3)).toEqual(['status', 'failover', 'quorum-loss']);
  });

  it.each(['0', '-1', 'abc', '10', '2.5'])(
    'refuses members %s, naming the option, the value and what is allowed',
    (value) => {
      expect(errorOf(() => parseTopology(reader({ members: value })))).toBe(
        `--members is '${value}'; allowed: a whole number from 1 to 9`,
      );
    },
  );

  it('names the action input the same way', () => {
    expect(errorOf(() => parseTopology(reader({ members: 'abc' }, inputLabel)))).toBe(
      "input 'members' is 'abc'; allowed: a whole number from 1 to 9",
    );
  });

  it('refuses an election timeout under 5 x heartbeat, as etcd does', () => {
    expect(errorOf(() => parseTiming(reader({ 'heartbeat-ms': '100', 'election-ms': '400' })))).toBe(
      "--election-ms is '400'; allowed: at least 5 x heartbeat-ms (500 for heartbeat-ms 100), as etcd requires",
    );
    expect(parseTiming(reader({ 'heartbeat-ms': '50', 'election-ms': '250' })).electionMs).toBe(250);
  });

  it('refuses one member for the HA checks but allows it for status alone', () => {
    expect(errorOf(() => parseChecks(reader({}), 1))).toBe(
      "--members is '1'; allowed: 2 to 9 for the failover and quorum-loss checks (a single member cannot fail over); " +
        'to run only the status check on 1 member, set checks to status',
    );
    expect(parseChecks(reader({ checks: 'status' }), 1)).toEqual(['status']);
  });

  it('takes all on too few members: the checks that cannot run are optional, a named one is still refused', () => {
    expect(parseCheckSelection(reader({ checks: 'all' }), 1)).toEqual({
      checks: WITHOUT_RELEASE,
      optional: WITHOUT_RELEASE,
    });
    expect(parseCheckSelection(reader({ checks: 'partition,all' }), 3)).toEqual({
      checks: ['partition', ...WITHOUT_RELEASE.filter((name) => name !== 'partition')],
      optional: WITHOUT_RELEASE.filter((name) => name !== 'partition'),
    });
    expect(parseCheckSelection(reader({}), 3).optional).toEqual([]);
    expect(errorOf(() => parseCheckSelection(reader({ checks: 'all,partition' }), 1))).toMatch(
      /^--members is '1'; allowed: 3 to 9 for the partition check/,
    );
  });

  it('takes all for every registered check, in registry order, and keeps a named order otherwise', () => {
    expect(parseCheckSelection(reader({ checks: 'all' }), 3, true).checks).toEqual([...CHECK_NAMES]);
    expect(parseChecks(reader({ checks: 'quorum-loss, all' }), 3)).toEqual([
      'quorum-loss',
      ...WITHOUT_RELEASE.filter((name) => name !== 'quorum-loss'),
    ]);
    expect(parseChecks(reader({ checks: 'quorum-loss,status,status' }), 3)).toEqual(['quorum-loss', 'status']);
  });

  it('brings the upgrade into all only with an upgrade release, and refuses it named without one', () => {
    expect(WITHOUT_RELEASE).not.toContain('upgrade');
    expect(parseCheckSelection(reader({ checks: 'all' }), 3).checks).not.toContain('upgrade');
    expect(parseCheckSelection(reader({ checks: 'all' }), 3, true).checks.at(-1)).toBe('upgrade');
    expect(parseCheckSelection(reader({ checks: 'upgrade' }), 3, true).checks).toEqual(['upgrade']);
    expect(errorOf(() => parseCheckSelection(reader({ checks: 'status,upgrade' }), 3))).toBe(
      "--checks is 'upgrade'; allowed: upgrade only together with --upgrade-etcd-version, --upgrade-etcd-path or " +
        '--upgrade-image, which name the release it moves the members to',
    );
    expect(errorOf(() => parseCheckSelection(reader({ checks: 'upgrade' }, inputLabel), 3))).toMatch(
      /^Input 'checks' is 'upgrade'; allowed: upgrade only together with input 'upgrade-etcd-version'/i,
    );
  });

  it('reads the upgrade release: a version, a folder on targets that run a binary, an image on those that run images', () => {
    expect(parseUpgradeRelease(reader({}), true)).toBeUndefined();
    expect(parseUpgradeRelease(reader({ 'upgrade-etcd-version': 'v3.5.30' }), true)).toEqual({
      etcdVersion: '3.5.30',
      downloadUrl: 'https://github.com/etcd-io/etcd/releases/download',
    });
    expect(parseUpgradeRelease(reader({ 'upgrade-etcd-path': '/opt/etcd' }), true)?.etcdPath).toBe('/opt/etcd');
    expect(parseUpgradeRelease(reader({ 'upgrade-image': 'registry.example/etcd:v3.5.30' }), false)?.image).toBe(
      'registry.example/etcd:v3.5.30',
    );
    expect(errorOf(() => parseUpgradeRelease(reader({ 'upgrade-etcd-version': 'latest' }), true))).toMatch(
      /^--upgrade-etcd-version is 'latest'; allowed: a release version such as \S+, 3\.4\.0 or later$/,
    );
    expect(errorOf(() => parseUpgradeRelease(reader({ 'upgrade-image': 'etcd:v3.5.30' }), true))).toBe(
      "--upgrade-image is 'etcd:v3.5.30'; allowed: nothing on this target, whose members run an etcd binary of this " +
        'machine: give --upgrade-etcd-version or --upgrade-etcd-path',
    );
    expect(errorOf(() => parseUpgradeRelease(reader({ 'upgrade-etcd-path': '/opt/etcd' }), false))).toBe(
      "--upgrade-etcd-path is '/opt/etcd'; allowed: nothing on this target, whose members run images: give " +
        '--upgrade-image or --upgrade-etcd-version',
    );
    expect(errorOf(() => parseUpgradeRelease(reader({ 'upgrade-image': '--privileged' }), false))).toBe(
      "--upgrade-image is '--privileged'; allowed: an image reference such as gcr.io/etcd-development/etcd:v3.5.21",
    );
  });

  it.each([',', ' , ,'])('refuses %j, a list that names no check, instead of running the default ones', (value) => {
    expect(errorOf(() => parseChecks(reader({ checks: value }), 3))).toBe(
      `--checks is '${value.trim()}'; allowed: a list of ${CHECK_NAMES.join(', ')}, or all`,
    );
  });

  it('warns that an even member count adds no fault tolerance', () => {
    expect(memberCountWarning(2)).toMatch(/even count adds no fault tolerance over 1/);
    expect(memberCountWarning(4)).toMatch(/over 3 \(both tolerate 1 failed member\)/);
    expect(memberCountWarning(3)).toBeUndefined();
    expect(memberCountWarning(1)).toBeUndefined();
  });

  it('refuses unknown checks, bad addresses, equal ports, bad SANs and key algorithms', () => {
    expect(errorOf(() => parseChecks(reader({ checks: 'status,chaos' }), 3))).toBe(
      `--checks is 'chaos'; allowed: a list of ${CHECK_NAMES.join(', ')}, or all`,
    );
    expect(errorOf(() => parseTopology(reader({ 'base-address': '10.0.0.1' })))).toMatch(
      /^--base-address is '10.0.0.1'; allowed: an IPv4 loopback/,
    );
    expect(errorOf(() => parseTopology(reader({ 'base-address': '127.0.0.253' })))).toMatch(/z from 1 to 252/);
    expect(errorOf(() => parseTopology(reader({ 'peer-port': '2379' })))).toBe(
      "--peer-port is '2379'; allowed: a port other than the client port 2379",
    );
    expect(errorOf(() => parseTopology(reader({ 'extra-sans': 'ok.example, bad_name!' })))).toMatch(
      /^--extra-sans is 'bad_name!'; allowed: IP addresses and DNS names/,
    );
    expect(errorOf(() => parseTopology(reader({ 'key-algorithm': 'ed25519' })))).toBe(
      "--key-algorithm is 'ed25519'; allowed: one of ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, rsa-4096",
    );
    expect(parseTopology(reader({ 'key-algorithm': 'rsa-3072' })).keyAlgorithm).toBe('rsa-3072');
    expect(parseTopology(reader({ 'extra-sans': 'etcd.example.internal\n10.1.2.3' })).extraSans).toEqual([
      'etcd.example.internal',
      '10.1.2.3',
    ]);
  });

  it('refuses the removed key-size, saying what replaced it', () => {
    expect(errorOf(() => parseTopology(reader({ 'key-size': '2048' }, inputLabel)))).toBe(
      "input 'key-size' was replaced by key-algorithm (e.g. rsa-2048); key-size '2048' is key-algorithm rsa-2048",
    );
    expect(errorOf(() => parseTopology(reader({ 'key-size': '4096', 'key-algorithm': 'rsa-4096' })))).toBe(
      "--key-size was replaced by --key-algorithm (e.g. rsa-2048); --key-size '4096' is --key-algorithm rsa-4096",
    );
    expect(errorOf(() => parseTopology(reader({ 'key-size': '1024' })))).toBe(
      '--key-size was replaced by --key-algorithm (e.g. rsa-2048); allowed: --key-algorithm, one of ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, rsa-4096',
    );
  });

  it('accepts release versions from 3.4.0 and refuses anything else', () => {
    expect(parseEtcdBinary(reader({ 'etcd-version': 'v3.5.21' })).etcdVersion).toBe('3.5.21');
    expect(errorOf(() => parseEtcdBinary(reader({ 'etcd-version': 'latest' })))).toMatch(
      /^--etcd-version is 'latest'; allowed: a release version/,
    );
    expect(errorOf(() => parseEtcdBinary(reader({ 'etcd-version': '3.3.25' })))).toMatch(/3.4.0 or later/);
    expect(errorOf(() => parseEtcdBinary(reader({ 'etcd-download-url': 'ftp://mirror/etcd' })))).toMatch(
      /^--etcd-download-url is 'ftp:\/\/mirror\/etcd'/,
    );
  });

  it('takes members by name and address, and refuses malformed or repeated entries', () => {
    const topology = parseTopology(
      reader({ 'member-list': 'alpha=10.0.0.5, beta=etcd-b.example.internal\ngamma=fd00::7' }),
    );
    expect(topology.members).toBe(3);
    expect(topology.memberList).toEqual([
      { name: 'alpha', address: '10.0.0.5' },
      { name: 'beta', address: 'etcd-b.example.internal' },
      { name: 'gamma', address: 'fd00::7' },
    ]);
    expect(errorOf(() => parseTopology(reader({ 'member-list': 'alpha=10.0.0.5,beta' })))).toMatch(
      /^--member-list is 'beta'; allowed: name=address entries/,
    );
    expect(errorOf(() => parseTopology(reader({ 'member-list': 'a_b=10.0.0.5' })))).toMatch(
      /^--member-list is 'a_b=10.0.0.5'/,
    );
    expect(errorOf(() => parseTopology(reader({ 'member-list': 'a=10.0.0.5,b=10.0.0.5' })))).toMatch(
      /the address 10.0.0.5 appears twice$/,
    );
    expect(errorOf(() => parseTopology(reader({ 'member-list': 'a=10.0.0.5,b=10.0.0.6', members: '3' })))).toBe(
      "--members is '3'; allowed: 2, the number of entries in member-list (or leave it out)",
    );
  });
});

describe("config: the user's own configuration to boot", () => {
  it('refuses every option the configuration decides, naming both', () => {
    for (const [name, value] of [
      ['members', '5'],
      ['member-list', 'a=127.0.0.21'],
      ['heartbeat-ms', '50'],
      ['election-ms', '500'],
      ['client-port', '2379'],
      ['peer-port', '2380'],
    ]) {
      expect(errorOf(() => parseConfigPath(reader({ config: 'etc/etcd', [name]: value })))).toBe(
        `--${name} is '${value}'; allowed: nothing together with --config 'etc/etcd': the configuration decides the members, their names, ports and timing`,
      );
    }
    expect(errorOf(() => parseClusterOptions(reader({ config: 'etc/etcd', members: '3' }, inputLabel)))).toMatch(
      /^input 'members' is '3'; allowed: nothing together with input 'config' 'etc\/etcd'/,
    );
  });

  it('takes base-address, startup timeout and PKI options beside it, on every target', () => {
    const options = parseClusterOptions(
      reader({
        config: 'etc/etcd',
        'base-address': '172.31.9.21',
        'startup-timeout-seconds': '20',
        target: 'container',
      }),
    );
    expect(options.config).toBe('etc/etcd');
    expect(options.topology.baseAddress).toBe('172.31.9.21');
    expect(options.timing.startupTimeoutMs).toBe(20000);
    expect(parseClusterOptions(reader({})).config).toBeUndefined();
    const ssh = { target: 'ssh', hosts: 'root@10.0.0.1', 'ssh-key': 'k', 'known-hosts': 'h', config: 'etc/etcd' };
    expect(parseClusterOptions(reader(ssh))).toMatchObject({ config: 'etc/etcd', target: { kind: 'ssh' } });
  });

  describe('the local base address, when none is given', () => {
    const block = /^127\.0\.([1-9]\d?|1\d\d|2[0-4]\d|25[0-4])\.11$/;
    it('is a free loopback block for a run that makes its PKI, so two runs on one machine do not collide', () => {
      expect(parseClusterOptions(reader({})).topology.baseAddress).toMatch(block);
      expect(parseTopology(reader({}), { kind: 'local' }, { freeLoopbackBlock: true }).baseAddress).toMatch(block);
    });
    it('is 127.0.0.11 where the certificates are made for later (certs) or given (pki-dir)', () => {
      expect(parseTopology(reader({})).baseAddress).toBe('127.0.0.11');
      expect(parseClusterOptions(reader({ 'pki-dir': '/srv/pki' })).topology.baseAddress).toBe('127.0.0.11');
    });
    it('is what base-address says when it is given', () => {
      expect(parseClusterOptions(reader({ 'base-address': '127.0.5.21' })).topology.baseAddress).toBe('127.0.5.21');
    });
  });
});
