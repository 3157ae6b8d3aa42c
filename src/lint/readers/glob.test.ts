import { globPatternToRegExp, isGlob, splitGlob } from './glob.js';

describe('lint path globs', () => {
  it('tells globs from paths', () => {
    expect(isGlob('configs/*.yml')).toBe(true);
    expect(isGlob('etcd-?.conf')).toBe(true);
    expect(isGlob('configs/etcd-1.yml')).toBe(false);
  });

  it('splits a glob into the folder it starts from and the pattern below it', () => {
    expect(splitGlob('*.yml')).toEqual({ base: '.', pattern: '*.yml' });
    expect(splitGlob('configs/hosts/**/*.service')).toEqual({ base: 'configs/hosts', pattern: '**/*.service' });
    expect(splitGlob('/etc/etcd/*.conf')).toEqual({ base: '/etc/etcd', pattern: '*.conf' });
    expect(splitGlob('/*.conf')).toEqual({ base: '/', pattern: '*.conf' });
  });

  it('matches * and ? within one path element and ** across folders', () => {
    const star = globPatternToRegExp('*.yml');
    expect(['etcd.yml', '.yml'].map((path) => star.test(path))).toEqual([true, true]);
    expect(['a/etcd.yml', 'etcd.yaml', 'etcd.yml.bak'].map((path) => star.test(path))).toEqual([false, false, false]);
    const any = globPatternToRegExp('**/*.yml');
    expect(['etcd.yml', 'a/etcd.yml', 'a/b/c/etcd.yml', 'a/etcd.yaml'].map((path) => any.test(path))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    const middle = globPatternToRegExp('hosts/**/etcd-?.conf');
    expect(
      ['hosts/etcd-1.conf', 'hosts/a/b/etcd-2.conf', 'hosts/etcd-10.conf', 'other/etcd-1.conf'].map((path) =>
        middle.test(path),
      ),
    ).toEqual([true, true, false, false]);
    const trailing = globPatternToRegExp('configs/**');
    expect(['configs/a', 'configs/a/b.yml', 'other/a'].map((path) => trailing.test(path))).toEqual([true, true, false]);
    // Everything else is literal: a dot is a dot, brackets are brackets.
    expect(globPatternToRegExp('etcd.[ab].yml').test('etcd.[ab].yml')).toBe(true);
    expect(globPatternToRegExp('etcd.yml').test('etcdxyml')).toBe(false);
  });
});
