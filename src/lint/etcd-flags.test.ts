import {
  editDistance,
  envOfFlag,
  flagInfo,
  flagOfYamlKey,
  knownFlags,
  nearest,
  parseEtcdVersion,
  yamlKeyStatus,
} from './etcd-flags.js';

const v = parseEtcdVersion;

test('versions: the minor (nearest known one) and the patch', () => {
  expect(v('3.5.21')).toMatchObject({ minor: '3.5', patch: 21 });
  expect(v('v3.6')).toMatchObject({ minor: '3.6', patch: Infinity });
  expect(v('3.4.23-1')).toMatchObject({ minor: '3.4', patch: 23 });
  expect(v('3.7.0')).toMatchObject({ minor: '3.6', patch: Infinity });
  expect(v('3.3.27')).toMatchObject({ minor: '3.4', patch: Infinity });
});

test('flags by release: added in a patch, removed, deprecated with their replacement', () => {
  expect(flagInfo('tls-min-version', v('3.4.23'))).toMatchObject({ known: false, since: '3.4.25' });
  expect(flagInfo('tls-min-version', v('3.4.25')).known).toBe(true);
  expect(flagInfo('log-output', v('3.4.23'))).toMatchObject({ known: true, deprecatedIn: '3.4', use: 'log-outputs' });
  expect(flagInfo('log-output', v('3.5.21'))).toMatchObject({ known: false, removedIn: '3.5', use: 'log-outputs' });
  expect(flagInfo('enable-v2', v('3.5.21'))).toMatchObject({ known: true, deprecatedIn: '3.5' });
  expect(flagInfo('enable-v2', v('3.6.5'))).toMatchObject({ known: false, removedIn: '3.6' });
  expect(flagInfo('experimental-compaction-batch-limit', v('3.6.5'))).toMatchObject({
    known: true,
    deprecatedIn: '3.6',
    use: 'compaction-batch-limit',
  });
  expect(flagInfo('experimental-initial-corrupt-check', v('3.6.5'))).toMatchObject({
    deprecatedIn: '3.6',
    use: 'feature-gates=InitialCorruptCheck=true',
  });
  expect(flagInfo('compaction-batch-limit', v('3.5.21')).known).toBe(false);
  expect(flagInfo('no-such-flag', v('3.5.21'))).toEqual({ spec: undefined, known: false });
});

test('kinds: what Go parses each flag as', () => {
  expect(flagInfo('client-cert-auth', v('3.5')).spec?.kind).toBe('bool');
  expect(flagInfo('heartbeat-interval', v('3.5')).spec?.kind).toBe('uint');
  expect(flagInfo('grpc-keepalive-timeout', v('3.5')).spec?.kind).toBe('duration');
  expect(flagInfo('initial-cluster-state', v('3.5')).spec).toMatchObject({ kind: 'enum', values: ['new', 'existing'] });
});

test('every release knows its flag set, and each later one has more', () => {
  const counts = ['3.4.23', '3.5.21', '3.6.5'].map((version) => knownFlags(v(version)).length);
  expect(counts[0]).toBeGreaterThan(80);
  expect(counts[1]).toBeGreaterThan(counts[0]);
  expect(counts[2]).toBeGreaterThan(counts[1]);
});

test('YAML keys: TLS only under the transport-security sections, per release', () => {
  expect(yamlKeyStatus('client-transport-security.cert-file', v('3.4'))).toBe('known');
  expect(yamlKeyStatus('cert-file', v('3.4'))).toBe('unknown');
  expect(yamlKeyStatus('Name', v('3.4'))).toBe('known');
  expect(yamlKeyStatus('client-transport-security.allowed-hostname', v('3.4'))).toBe('unknown');
  expect(yamlKeyStatus('client-transport-security.allowed-hostname', v('3.5'))).toBe('known');
  expect(yamlKeyStatus('client-crl-file', v('3.5'))).toBe('unknown');
  expect(yamlKeyStatus('log-output', v('3.4'))).toBe('known');
  expect(yamlKeyStatus('log-output', v('3.5'))).toBe('unknown');
  expect(yamlKeyStatus('discovery-fallback', v('3.6'))).toBe('unknown');
  expect(flagOfYamlKey('experimental-snapshot-catch-up-entries', v('3.5.21'))?.name).toBe(
    'experimental-snapshot-catchup-entries',
  );
  expect(flagOfYamlKey('peer-transport-security.skip-client-san-verification', v('3.6'))?.name).toBe(
    'peer-skip-client-san-verification',
  );
});

test('variables and near misses', () => {
  expect(envOfFlag('initial-cluster-token')).toBe('ETCD_INITIAL_CLUSTER_TOKEN');
  expect(editDistance('initial-cluster-tocken', 'initial-cluster-token')).toBe(1);
  expect(nearest('initial-cluster-tocken', knownFlags(v('3.5')))).toBe('initial-cluster-token');
  expect(nearest('lisen-client-url', knownFlags(v('3.5')))).toBe('listen-client-urls');
  expect(nearest('completely-different', knownFlags(v('3.5')))).toBeUndefined();
});
