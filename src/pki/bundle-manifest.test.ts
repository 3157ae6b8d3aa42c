import { SealError } from './seal.js';
import { assertFingerprintsMatch, validateBundleManifest, type BundleManifest } from './bundle-manifest.js';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');

function manifest(): BundleManifest {
  return {
    schemaVersion: 1,
    runId: '0a1b2c3d',
    topology: {
      members: 3,
      baseAddress: '127.0.0.101',
      clientPort: 2379,
      peerPort: 2380,
      extraSans: ['etcd.example.com', '10.0.0.9'],
      certValidityDays: 365,
      keyAlgorithm: 'ecdsa-p256',
    },
    timing: { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 60000 },
    certificates: { 'etcd/ca.crt': FINGERPRINT },
  };
}

/** The manifest with one field (a path of keys) replaced. */
function forged(pathOf: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(manifest()));
  const keys = pathOf.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = at[key];
  at[keys.at(-1)!] = value;
  return copy;
}

describe('the manifest of an opened bundle', () => {
  test('what etcd-ha writes passes as it is', () => {
    expect(validateBundleManifest(manifest(), 'b.age')).toEqual(manifest());
    const listed = forged('topology.memberList', [
      { name: 'alpha', address: '10.0.0.1' },
      { name: 'bravo', address: 'bravo.example.com' },
      { name: 'charlie', address: 'fd00::3' },
    ]);
    expect(() => validateBundleManifest(listed, 'b.age')).not.toThrow();
  });

  test.each([
    ['runId', 'r$(id>/tmp/owned)'],
    ['runId', '0a1b 2c3d'],
    ['schemaVersion', 2],
    ['topology.members', 100],
    ['topology.baseAddress', '127.0.0.1;id'],
    ['topology.clientPort', '2379`id`'],
    ['topology.extraSans', ['a b']],
    ['topology.extraSans', ["x'$(id)'"]],
    ['topology.keyAlgorithm', 'rsa-1'],
    ['topology.memberList', [{ name: '$(id)', address: '10.0.0.1' }]],
    ['timing.heartbeatMs', '100; id'],
    ['certificates', {}],
    ['certificates', { '../../etc/passwd.crt': FINGERPRINT }],
    ['certificates', { 'etcd/ca.crt': 'not-a-fingerprint' }],
  ])('a forged %s (%j) is refused', (field, value) => {
    const memberList =
      field === 'topology.memberList'
        ? forged('topology.members', (value as unknown[]).length)
        : JSON.parse(JSON.stringify(manifest()));
    const input =
      field === 'topology.memberList'
        ? { ...(memberList as object), topology: { ...(memberList as BundleManifest).topology, memberList: value } }
        : forged(field, value);
    expect(() => validateBundleManifest(input, 'b.age')).toThrow(SealError);
  });

  test('the certificates must be exactly those fingerprinted', () => {
    const other = FINGERPRINT.replace(/^AB/, 'CD');
    expect(() => assertFingerprintsMatch(manifest(), { 'etcd/ca.crt': FINGERPRINT }, 'b.age')).not.toThrow();
    expect(() => assertFingerprintsMatch(manifest(), { 'etcd/ca.crt': other }, 'b.age')).toThrow(
      /pki\/etcd\/ca\.crt is CD:.* while its manifest says AB:/,
    );
    expect(() =>
      assertFingerprintsMatch(manifest(), { 'etcd/ca.crt': FINGERPRINT, 'extra.crt': FINGERPRINT }, 'b.age'),
    ).toThrow(/extra\.crt/);
  });
});
