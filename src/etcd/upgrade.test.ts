import {
  clusterVersionReached,
  DOWNGRADE_API,
  expectedClusterVersion,
  findDowngradeRefusal,
  parseRelease,
  translateFlags,
  upgradeOrder,
  upgradePath,
  type FlagSetting,
} from './upgrade.js';

const members = (...names: string[]) => names.map((name) => ({ name }));
const names = (list: Array<{ name: string }>) => list.map((member) => member.name);

describe('upgradeOrder', () => {
  it('moves the followers first, by name, and the leader last', () => {
    expect(names(upgradeOrder(members('etcd-2', 'etcd-0', 'etcd-1'), 'etcd-0'))).toEqual([
      'etcd-1',
      'etcd-2',
      'etcd-0',
    ]);
    expect(names(upgradeOrder(members('c', 'a', 'b', 'e', 'd'), 'c'))).toEqual(['a', 'b', 'd', 'e', 'c']);
  });

  it('keeps the given order when no leader is known, or the one named is not a member', () => {
    expect(names(upgradeOrder(members('etcd-2', 'etcd-0', 'etcd-1')))).toEqual(['etcd-2', 'etcd-0', 'etcd-1']);
    expect(names(upgradeOrder(members('etcd-2', 'etcd-0'), 'gone'))).toEqual(['etcd-2', 'etcd-0']);
  });

  it('moves a single member alone, leader or not', () => {
    expect(names(upgradeOrder(members('solo'), 'solo'))).toEqual(['solo']);
    expect(names(upgradeOrder(members('solo')))).toEqual(['solo']);
  });

  it('returns the members themselves, in a new array', () => {
    const given = [
      { name: 'b', port: 2 },
      { name: 'a', port: 1 },
    ];
    const order = upgradeOrder(given, 'b');
    expect(order).toEqual([given[1], given[0]]);
    expect(given.map((member) => member.name)).toEqual(['b', 'a']);
  });
});

describe('upgradePath', () => {
  it('reads releases as the suite names them', () => {
    expect(parseRelease('3.4.23-1')).toEqual({ major: 3, minor: 4, patch: 23, text: '3.4.23-1' });
    expect(parseRelease('v3.6')).toEqual({ major: 3, minor: 6, patch: Infinity, text: 'v3.6' });
    expect(parseRelease('latest')).toBeUndefined();
  });

  it('a patch upgrade and a patch downgrade are rolling restarts (etcd compares major.minor only)', () => {
    const up = upgradePath('3.5.16', '3.5.30');
    expect(up).toMatchObject({ kind: 'patch-upgrade', direction: 'upgrade', supported: true, procedure: 'rolling' });
    expect(up.clusterVersion).toBe('3.5');
    expect(upgradePath('3.5.30', '3.5.16')).toMatchObject({
      kind: 'patch-downgrade',
      direction: 'downgrade',
      supported: true,
      procedure: 'rolling',
    });
  });

  it('the same release is nothing to move', () => {
    expect(upgradePath('3.5.30', 'v3.5.30')).toMatchObject({ kind: 'same', supported: false });
  });

  it('3.4 → 3.5 is a minor upgrade, from any 3.4 patch', () => {
    for (const to of ['3.5.30', '3.5.16']) {
      const path = upgradePath('3.4.23', to);
      expect(path).toMatchObject({
        kind: 'minor-upgrade',
        supported: true,
        procedure: 'rolling',
        clusterVersion: '3.5',
      });
      expect(path.etcdRefusal).toBeUndefined();
    }
  });

  it('3.5 → 3.6 requires the 3.5 patch etcd’s guide names (the lint’s ETCD-702)', () => {
    const early = upgradePath('3.5.30', '3.6.8');
    expect(early).toMatchObject({ kind: 'minor-upgrade', supported: false });
    expect(early.reason).toContain('3.5.32 or later');
    const ready = upgradePath('3.5.32', '3.6.8');
    expect(ready).toMatchObject({ kind: 'minor-upgrade', supported: true, clusterVersion: '3.6' });
    expect(ready.requirements.join(' ')).toContain('v2 store');
  });

  it('refuses a skipped minor, up or down', () => {
    const up = upgradePath('3.4.23', '3.6.8');
    expect(up).toMatchObject({ kind: 'skips-minor', direction: 'upgrade', supported: false });
    expect(up.reason).toContain('skips 3.5');
    expect(up.reason).toContain('one minor release at a time');
    const down = upgradePath('3.6.8', '3.4.23');
    expect(down).toMatchObject({ kind: 'skips-minor', direction: 'downgrade', supported: false });
    expect(down.reason).toContain('skips 3.5');
  });

  it('refuses a major change and what is no release', () => {
    expect(upgradePath('3.5.30', '4.0.0')).toMatchObject({ kind: 'major', supported: false });
    expect(upgradePath('3.5.30', 'main')).toMatchObject({ kind: 'unknown', supported: false });
  });

  it('3.6 → 3.5 goes through the downgrade API, to the minor below the cluster version', () => {
    const path = upgradePath('3.6.8', '3.5.30');
    expect(path).toMatchObject({
      kind: 'minor-downgrade',
      direction: 'downgrade',
      supported: true,
      procedure: 'downgrade-api',
      downgradeTarget: '3.5',
      clusterVersion: '3.5',
    });
    expect(DOWNGRADE_API.actions).toEqual({ VALIDATE: 0, ENABLE: 1, CANCEL: 2 });
  });

  it('3.5 → 3.4.32 or later is a rolling downgrade with --next-cluster-version-compatible, auth off', () => {
    const path = upgradePath('3.5.30', '3.4.32');
    expect(path).toMatchObject({
      kind: 'minor-downgrade',
      supported: true,
      procedure: 'rolling',
      clusterVersion: '3.4',
    });
    expect(path.requirements.join(' ')).toContain('auth disabled');
  });

  it('3.5 → 3.4.23 is refused, with the refusal 3.4.23 logs', () => {
    const path = upgradePath('3.5.30', '3.4.23');
    expect(path).toMatchObject({ kind: 'minor-downgrade', supported: false });
    expect(path.reason).toContain('lacks --next-cluster-version-compatible');
    expect(path.etcdRefusal?.map((refusal) => refusal.message)).toEqual([
      'invalid downgrade; server version is lower than determined cluster version',
      'cluster cannot be downgraded (current version: %s is lower than determined cluster version: %s).',
    ]);
    // 3.4.31 has the flag, but only 3.4.32 joins a 3.5 cluster with it.
    const half = upgradePath('3.5.30', '3.4.31');
    expect(half.supported).toBe(false);
    expect(half.etcdRefusal?.[0].message).toBe(
      'invalid downgrade; (current version: %s is lower than determined cluster version: %s).',
    );
  });
});

describe('findDowngradeRefusal', () => {
  it('finds the zap refusal of etcd 3.4.23 and the versions it names', () => {
    const log = [
      '{"level":"info","ts":"2026-01-01T00:00:00.000Z","caller":"etcdmain/etcd.go:134","msg":"server has member data"}',
      '{"level":"fatal","ts":"2026-01-01T00:00:00.100Z","caller":"membership/cluster.go:795","msg":"invalid downgrade; server version is lower than determined cluster version","current-server-version":"3.4.23","determined-cluster-version":"3.5"}',
    ].join('\n');
    expect(findDowngradeRefusal(log)).toMatchObject({
      message: 'invalid downgrade; server version is lower than determined cluster version',
      serverVersion: '3.4.23',
      clusterVersion: '3.5',
    });
  });

  it('finds the capnslog refusal and the 3.4.31 wording', () => {
    expect(
      findDowngradeRefusal(
        '2026-01-01 00:00:00.000000 C | etcdserver/membership: cluster cannot be downgraded (current version: 3.4.23 is lower than determined cluster version: 3.5).',
      ),
    ).toMatchObject({ serverVersion: '3.4.23', clusterVersion: '3.5' });
    const line =
      '{"level":"fatal","msg":"invalid downgrade; (current version: 3.4.31 is lower than determined cluster version: 3.5).","current-server-version":"3.4.31","determined-cluster-version":"3.5"}';
    expect(findDowngradeRefusal(line)?.message).toContain('invalid downgrade; (current version: 3.4.31');
  });

  it('finds nothing in a log without one', () => {
    expect(findDowngradeRefusal('{"level":"info","msg":"ready to serve client requests"}\n')).toBeUndefined();
  });
});

describe('expectedClusterVersion', () => {
  it('is the lowest minor of the members’ server versions', () => {
    expect(expectedClusterVersion(['3.5.30', '3.5.16', '3.5.30'])).toBe('3.5');
    expect(expectedClusterVersion(['3.5.30', '3.4.23', '3.5.30'], { current: '3.4.0' })).toBe('3.4');
    expect(expectedClusterVersion(['3.5.30', '3.5.30', '3.5.30'], { current: '3.4.0' })).toBe('3.5');
  });

  it('stays where it is while a member’s version is unknown', () => {
    expect(expectedClusterVersion(['3.5.30', undefined, '3.5.30'], { current: '3.4.0' })).toBe('3.4');
    expect(expectedClusterVersion(['3.5.30', undefined])).toBeUndefined();
    expect(expectedClusterVersion(['3.5.30', 'garbage'], { current: '3.5.0' })).toBe('3.5');
  });

  it('drops one minor for a member one minor down (3.5 → 3.4 downgrade), never more', () => {
    expect(expectedClusterVersion(['3.4.32', '3.5.30', '3.5.30'], { current: '3.5.0' })).toBe('3.4');
    expect(expectedClusterVersion(['3.4.32', '3.6.8'], { current: '3.6.0' })).toBe('3.6');
  });

  it('is the downgrade target while a downgrade is enabled', () => {
    expect(expectedClusterVersion(['3.6.8', '3.6.8', '3.6.8'], { current: '3.6.0', downgradeTarget: '3.5' })).toBe(
      '3.5',
    );
  });

  it('compares a reported cluster version by its minor', () => {
    expect(clusterVersionReached('3.5.0', '3.5.30')).toBe(true);
    expect(clusterVersionReached('3.4.0', '3.5.30')).toBe(false);
    expect(clusterVersionReached(undefined, '3.5')).toBe(false);
  });
});

describe('translateFlags', () => {
  const base: FlagSetting[] = [
    ['name', 'etcd-0'],
    ['data-dir', '/var/lib/etcd'],
    ['logger', 'zap'],
  ];

  it('leaves a configuration both releases take as it is', () => {
    const result = translateFlags(base, '3.4.23', '3.5.30');
    expect(result.flags).toEqual(base);
    expect(result.translations).toEqual([]);
  });

  // server/embed/config.go (release-3.6): experimentalFlagMigrationMap; server/etcdmain/config.go: deprecatedFlags.
  it('3.5 → 3.6: experimental flags become their 3.6 names', () => {
    const result = translateFlags(
      [...base, ['experimental-corrupt-check-time', '5m'], ['experimental-snapshot-catchup-entries', '5000']],
      '3.5.32',
      '3.6.8',
    );
    expect(result.flags).toEqual([...base, ['corrupt-check-time', '5m'], ['snapshot-catchup-entries', '5000']]);
    expect(result.translations.map((translation) => translation.text)).toEqual([
      '--experimental-corrupt-check-time=5m became --corrupt-check-time=5m',
      '--experimental-snapshot-catchup-entries=5000 became --snapshot-catchup-entries=5000',
    ]);
    expect(result.refused).toEqual([]);
  });

  // server/features/etcd_features.go (release-3.6): ExperimentalFlagToFeatureMap.
  it('3.5 → 3.6: experimental switches become one --feature-gates', () => {
    const result = translateFlags(
      [
        ['experimental-initial-corrupt-check', true],
        ['name', 'a'],
        ['experimental-txn-mode-write-with-shared-buffer', 'false'],
      ],
      '3.5.32',
      '3.6.8',
    );
    expect(result.flags).toEqual([
      ['feature-gates', 'InitialCorruptCheck=true,TxnModeWriteWithSharedBuffer=false'],
      ['name', 'a'],
    ]);
    expect(result.translations[0].text).toBe(
      '--experimental-initial-corrupt-check became --feature-gates=InitialCorruptCheck=true',
    );
  });

  it('3.6 → 3.5: 3.6 names go back to the experimental ones, feature gates to their flags', () => {
    const result = translateFlags(
      [
        ['compaction-batch-limit', '1000'],
        ['peer-skip-client-san-verification', true],
        ['feature-gates', 'CompactHashCheck=true,SetMemberLocalAddr=false'],
      ],
      '3.6.8',
      '3.5.30',
    );
    expect(result.flags).toEqual([
      ['experimental-compaction-batch-limit', '1000'],
      ['experimental-peer-skip-client-san-verification', true],
      ['experimental-compact-hash-check-enabled', 'true'],
    ]);
    expect(result.translations.map((translation) => translation.action)).toEqual([
      'renamed',
      'renamed',
      'renamed',
      'dropped',
    ]);
    expect(result.refused).toEqual([]);
  });

  it('3.6 → 3.5: a feature 3.5 lacks, switched on, is refused', () => {
    const result = translateFlags([['feature-gates', 'SetMemberLocalAddr=true']], '3.6.8', '3.5.30');
    expect(result.flags).toEqual([]);
    expect(result.refused[0].text).toBe('--feature-gates=SetMemberLocalAddr=true refused');
  });

  it('3.6 → 3.5: 3.6-only flags that change nothing for a restarted member are dropped, with the reason', () => {
    const result = translateFlags(
      [
        ['log-format', 'json'],
        ['discovery-token', 'x'],
        ['max-learners', '1'],
      ],
      '3.6.8',
      '3.5.30',
    );
    expect(result.flags).toEqual([]);
    expect(result.translations.map((translation) => translation.action)).toEqual(['dropped', 'dropped', 'dropped']);
    expect(translateFlags([['max-learners', '3']], '3.6.8', '3.5.30').refused).toHaveLength(1);
  });

  // server/embed/config_logging.go (release-3.5): "--logger=capnslog is removed in v3.5".
  it('3.4 → 3.5: capnslog becomes zap; flags 3.5 removed are renamed or dropped', () => {
    const result = translateFlags(
      [
        ['logger', 'capnslog'],
        ['log-output', 'stderr'],
        ['debug', true],
        ['experimental-backend-bbolt-freelist-type', 'map'],
        ['log-package-levels', 'etcdserver=DEBUG'],
      ],
      '3.4.23',
      '3.5.30',
    );
    expect(result.flags).toEqual([
      ['logger', 'zap'],
      ['log-outputs', 'stderr'],
      ['log-level', 'debug'],
      ['backend-bbolt-freelist-type', 'map'],
    ]);
    expect(result.translations.map((translation) => translation.text)).toEqual([
      '--logger=capnslog became --logger=zap',
      '--log-output=stderr became --log-outputs=stderr',
      '--debug became --log-level=debug',
      '--experimental-backend-bbolt-freelist-type=map became --backend-bbolt-freelist-type=map',
      '--log-package-levels=etcdserver=DEBUG dropped',
    ]);
  });

  it('3.4 → 3.5: --debug=false is dropped, and a given --log-level wins over --debug', () => {
    expect(translateFlags([['debug', 'false']], '3.4.23', '3.5.30').translations[0].action).toBe('dropped');
    const both = translateFlags(
      [
        ['debug', true],
        ['log-level', 'warn'],
      ],
      '3.4.23',
      '3.5.30',
    );
    expect(both.flags).toEqual([['log-level', 'warn']]);
  });

  // etcdmain/config.go (release-3.4, v3.4.31 on): --next-cluster-version-compatible.
  it('3.5 → 3.4.32: adds --next-cluster-version-compatible and renames the freelist type back', () => {
    const result = translateFlags(
      [
        ['name', 'a'],
        ['backend-bbolt-freelist-type', 'map'],
      ],
      '3.5.30',
      '3.4.32',
    );
    expect(result.flags).toEqual([
      ['name', 'a'],
      ['experimental-backend-bbolt-freelist-type', 'map'],
      ['next-cluster-version-compatible', true],
    ]);
    expect(result.translations.at(-1)?.text).toBe('--next-cluster-version-compatible added');
  });

  it('3.5 → 3.4.23: no flag to add (3.4.23 lacks it); 3.5-only switches off are dropped, on are refused', () => {
    const result = translateFlags(
      [
        ['socket-reuse-port', 'false'],
        ['v2-deprecation', 'not-yet'],
        ['client-cert-file', '/pki/client.crt'],
      ],
      '3.5.30',
      '3.4.23',
    );
    expect(result.flags).toEqual([]);
    expect(result.translations.map((translation) => translation.action)).toEqual(['dropped', 'dropped', 'refused']);
    expect(result.refused[0].reason).toContain('etcd 3.4.23 has no --client-cert-file');
  });

  it('3.4 → 3.5: --next-cluster-version-compatible is dropped (3.5 needs none)', () => {
    const result = translateFlags([['next-cluster-version-compatible', true]], '3.4.32', '3.5.30');
    expect(result.flags).toEqual([]);
    expect(result.translations[0].action).toBe('dropped');
  });

  it('3.5 → 3.6: the v2 store is refused on, dropped off; v2 proxy settings go with it', () => {
    const on = translateFlags([['enable-v2', 'true']], '3.5.32', '3.6.8');
    expect(on.refused).toHaveLength(1);
    expect(on.refused[0].reason).toContain('etcdutl check v2store');
    const off = translateFlags(
      [
        ['enable-v2', 'false'],
        ['proxy', 'off'],
        ['proxy-dial-timeout', '1000'],
      ],
      '3.5.32',
      '3.6.8',
    );
    expect(off.flags).toEqual([]);
    expect(off.refused).toEqual([]);
    expect(translateFlags([['proxy', 'on']], '3.5.32', '3.6.8').refused).toHaveLength(1);
  });

  it('a patch change leaves deprecated names as they are', () => {
    const settings: FlagSetting[] = [['experimental-corrupt-check-time', '5m']];
    expect(translateFlags(settings, '3.6.0', '3.6.8').flags).toEqual(settings);
  });

  it('translates etcd arguments too, in every form Go’s flag package takes', () => {
    const result = translateFlags(
      ['--name=a', '--experimental-corrupt-check-time', '5m', '-experimental-memory-mlock', '--data-dir', '/d'],
      '3.5.32',
      '3.6.8',
    );
    expect(result.flags).toEqual(['--name=a', '--corrupt-check-time=5m', '--memory-mlock', '--data-dir=/d']);
    expect(result.translations).toHaveLength(2);
  });
});
