import { argumentFindings, flagOfEnvironmentVariable, isBooleanFlag, parseEtcdArguments } from './etcd-arguments.js';
import { contiguousWord, sourceText } from './source.js';

/** Words of one line, each positioned where it starts. */
function words(line: string) {
  const source = sourceText('cmd', line);
  const found: ReturnType<typeof contiguousWord>[] = [];
  for (const match of line.matchAll(/\S+/g)) found.push(contiguousWord(source, match[0], match.index ?? 0));
  return found;
}

describe("etcd's command line, as Go's flag package reads it", () => {
  it('takes one dash or two, =value or the next word, and bare booleans', () => {
    const parsed = parseEtcdArguments(
      words('-name a --data-dir=/d --initial-cluster-token= --enable-v2 --pre-vote --debug --max-wals 5'),
      'flag',
    );
    expect(
      parsed.settings.map((setting) => [
        setting.key,
        setting.name,
        setting.value,
        setting.at.column,
        setting.valueAt?.column,
      ]),
    ).toEqual([
      ['-name', 'name', 'a', 1, 7],
      ['--data-dir', 'data-dir', '/d', 9, 20],
      // An empty value is positioned at its "=".
      ['--initial-cluster-token', 'initial-cluster-token', '', 23, 46],
      ['--enable-v2', 'enable-v2', 'true', 48, undefined],
      ['--pre-vote', 'pre-vote', 'true', 60, undefined],
      ['--debug', 'debug', 'true', 71, undefined],
      ['--max-wals', 'max-wals', '5', 79, 90],
    ]);
    expect(parsed.positionals).toEqual([]);
    expect(argumentFindings(parsed)).toEqual([]);
  });

  it('takes what is no flag as an argument, etcd exits on the first', () => {
    const parsed = parseEtcdArguments(words('--name a extra - ---bad --data-dir /d -- --logger zap'), 'flag');
    expect(parsed.positionals.map((positional) => positional.word.text)).toEqual([
      'extra',
      '-',
      '---bad',
      '--logger',
      'zap',
    ]);
    expect(parsed.settings.map((setting) => setting.name)).toEqual(['name', 'data-dir']);
    const findings = argumentFindings(parsed);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 1, column: 10, severity: 'error', rule: 'ETCD-PARSE' });
    expect(findings[0].message).toBe(
      'etcd takes no arguments: "extra" is no flag, and etcd exits ("extra" is not a valid flag).',
    );
  });

  it('knows the boolean flags of every release', () => {
    expect(
      [
        'client-cert-auth',
        'peer-auto-tls',
        'experimental-initial-corrupt-check',
        'force-new-cluster',
        'enable-v2',
        'debug',
        'help',
      ].every(isBooleanFlag),
    ).toBe(true);
    expect(['name', 'data-dir', 'snapshot-count', 'log-outputs', 'no-such-flag'].some(isBooleanFlag)).toBe(false);
  });

  it("maps ETCD_* variables to flags, and nothing else: ETCDCTL_* are etcdctl's", () => {
    expect(flagOfEnvironmentVariable('ETCD_INITIAL_CLUSTER_STATE')).toBe('initial-cluster-state');
    expect(flagOfEnvironmentVariable('ETCDCTL_ENDPOINTS')).toBeUndefined();
    expect(flagOfEnvironmentVariable('ETCD_')).toBeUndefined();
    expect(flagOfEnvironmentVariable('MY_ETCD_NAME')).toBeUndefined();
  });
});
