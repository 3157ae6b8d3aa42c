import { FAIL_ON, parseLintOptions, reachesFailOn } from './lint-options.js';
import { flagLabel, inputLabel, optionReader } from './reader.js';
import { DEFAULT_ETCD_VERSION } from '../etcd/releases.js';

function reader(values: Record<string, string>, label = inputLabel) {
  return optionReader((name) => values[name], label);
}

describe('parseLintOptions', () => {
  it('lints the current folder for the default etcd release, failing on errors, when nothing is given', () => {
    expect(parseLintOptions(reader({}))).toEqual({
      paths: ['.'],
      etcdVersion: DEFAULT_ETCD_VERSION,
      failOn: 'error',
      boot: false,
    });
    expect(parseLintOptions(reader({}), [])).toEqual({
      paths: ['.'],
      etcdVersion: DEFAULT_ETCD_VERSION,
      failOn: 'error',
      boot: false,
    });
  });

  it('takes boot (the action input, or the CLI switch) and a later upgrade-to release', () => {
    expect(parseLintOptions(reader({ boot: 'true' })).boot).toBe(true);
    expect(parseLintOptions(reader({}), ['.'], true).boot).toBe(true);
    expect(parseLintOptions(reader({ 'etcd-version': '3.4.23', 'upgrade-to': 'v3.6.16' })).upgradeTo).toBe('3.6.16');
    expect(() => parseLintOptions(reader({ 'etcd-version': '3.5.21', 'upgrade-to': '3.4.23' }))).toThrow(
      /upgrade-to.*3\.4\.23.*later than etcd-version 3\.5\.21/,
    );
    expect(() => parseLintOptions(reader({ boot: 'maybe' }))).toThrow(/boot.*maybe.*true or false/);
  });

  it('splits the path input at newlines and commas, keeping spaces inside a name', () => {
    expect(parseLintOptions(reader({ path: 'etc/etcd,deploy/**/*.yaml\n  my configs/etcd.env  \n\n' })).paths).toEqual([
      'etc/etcd',
      'deploy/**/*.yaml',
      'my configs/etcd.env',
    ]);
  });

  it('takes the CLI arguments as they are', () => {
    expect(parseLintOptions(reader({ path: 'ignored' }), ['a,b.yml', 'c']).paths).toEqual(['a,b.yml', 'c']);
  });

  it('takes a release version with or without v, 3.4.0 or later', () => {
    expect(parseLintOptions(reader({ 'etcd-version': 'v3.4.0' })).etcdVersion).toBe('3.4.0');
    expect(parseLintOptions(reader({ 'etcd-version': '3.6.1' })).etcdVersion).toBe('3.6.1');
    for (const version of ['3.3.27', 'latest', '3.5']) {
      expect(() => parseLintOptions(reader({ 'etcd-version': version }, flagLabel))).toThrow(
        `--etcd-version is '${version}'; allowed: a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`,
      );
    }
  });

  it('names the input, the value and what is allowed for fail-on', () => {
    expect(parseLintOptions(reader({ 'fail-on': 'warning' })).failOn).toBe('warning');
    expect(() => parseLintOptions(reader({ 'fail-on': 'errors' }))).toThrow(
      "input 'fail-on' is 'errors'; allowed: one of error, warning, never",
    );
  });
});

describe('reachesFailOn', () => {
  const counts = (errors: number, warnings: number, notices: number) => ({ errors, warnings, notices });
  it.each([
    [counts(1, 0, 0), [true, true, false]],
    [counts(0, 2, 0), [false, true, false]],
    [counts(0, 0, 5), [false, false, false]],
    [counts(0, 0, 0), [false, false, false]],
  ])('%j fails on error, warning, never: %j', (summary, expected) => {
    expect(FAIL_ON.map((failOn) => reachesFailOn(summary, failOn))).toEqual(expected);
  });
});
