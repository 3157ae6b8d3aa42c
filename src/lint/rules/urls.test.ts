import { goParseDuration, goParseInteger } from './go-values.js';
import { isIpLiteral, parseEtcdUrl, parseInitialCluster } from './urls.js';

test('URLs: etcd’s own error texts', () => {
  expect(parseEtcdUrl('https://10.0.0.1:2380')).toMatchObject({
    url: { scheme: 'https', hostname: '10.0.0.1', port: '2380' },
  });
  expect(parseEtcdUrl('tcp://10.0.0.1:2380')).toEqual({
    error: 'URL scheme must be http, https, unix, or unixs: tcp://10.0.0.1:2380',
  });
  expect(parseEtcdUrl('localhost:2380')).toEqual({
    error: 'URL scheme must be http, https, unix, or unixs: localhost:2380',
  });
  expect(parseEtcdUrl('10.0.0.1:2380')).toEqual({
    error: 'parse "10.0.0.1:2380": first path segment in URL cannot contain colon',
  });
  expect(parseEtcdUrl('http://10.0.0.1')).toEqual({
    error: 'URL address does not have the form "host:port": http://10.0.0.1',
  });
  expect(parseEtcdUrl('http://10.0.0.1:2380/')).toEqual({
    error: 'URL must not contain a path: http://10.0.0.1:2380/',
  });
  expect(parseEtcdUrl('https://[::1]:2380')).toMatchObject({ url: { hostname: '::1' } });
});

test('initial-cluster as url.ParseQuery reads it', () => {
  expect(parseInitialCluster('a=https://10.0.0.1:2380, b=https://10.0.0.2:2380').entries).toEqual([
    { name: 'a', url: 'https://10.0.0.1:2380' },
    { name: ' b', url: 'https://10.0.0.2:2380' },
  ]);
  expect(parseInitialCluster('a').error).toBe('URL scheme must be http, https, unix, or unixs: ');
});

test('IP literals and Go numbers', () => {
  expect(isIpLiteral('10.0.0.1')).toBe(true);
  expect(isIpLiteral('fe80::1')).toBe(true);
  expect(isIpLiteral('etcd-1.example.com')).toBe(false);
  expect(isIpLiteral('999.0.0.1')).toBe(false);
  expect(goParseInteger('0x10', false)).toBe(16n);
  expect(goParseInteger('-1', false)).toBeUndefined();
  expect(goParseInteger('100ms', false)).toBeUndefined();
  expect(goParseDuration('1h30m')).toEqual({ nanoseconds: 5400e9 });
  expect(goParseDuration('5')).toEqual({ error: 'time: missing unit in duration "5"' });
  expect(goParseDuration('1d')).toEqual({ error: 'time: unknown unit "d" in duration "1d"' });
});
