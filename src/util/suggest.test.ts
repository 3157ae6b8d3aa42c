import { closest, editDistance } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours', () => {
    expect(editDistance('format', 'format')).toBe(0);
    expect(editDistance('fromat', 'format')).toBe(1);
    expect(editDistance('formt', 'format')).toBe(1);
    expect(editDistance('formats', 'format')).toBe(1);
    expect(editDistance('farmat', 'format')).toBe(1);
    expect(editDistance('', 'run')).toBe(3);
  });
});

describe('closest', () => {
  const flags = ['format', 'etcd-version', 'etcd-path', 'members', 'checks', 'json'];
  it('suggests the flag a typo meant', () => {
    expect(closest('fromat', flags)).toBe('format');
    expect(closest('member', flags)).toBe('members');
    expect(closest('etcd-verison', flags)).toBe('etcd-version');
    expect(closest('CHECKS', flags)).toBe('checks');
  });
  it('suggests the only candidate a prefix abbreviates', () => {
    expect(closest('mem', flags)).toBe('members');
  });
  it('suggests nothing for a word near no candidate, or a prefix of several', () => {
    expect(closest('kubernetes', flags)).toBeUndefined();
    expect(closest('etcd', flags)).toBeUndefined();
  });
  it('suggests a verb', () => {
    expect(closest('rn', ['run', 'certs', 'up', 'down'])).toBe('run');
    expect(closest('lnit', ['run', 'lint', 'ps'])).toBe('lint');
  });
});
