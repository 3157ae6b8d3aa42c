import { parseEtcdBinary } from './options.js';
import { flagLabel, optionReader } from './reader.js';

const parse = (url: string) => () =>
  parseEtcdBinary(optionReader((name) => (name === 'etcd-download-url' ? url : undefined), flagLabel));

describe('etcd-download-url', () => {
  test.each([
    'https://github.com/etcd-io/etcd/releases/download',
    'https://mirror.example/etcd/',
    'http://127.0.0.1:8080/releases',
    'http://localhost:8080/releases',
    'http://[::1]:8080/releases',
  ])('takes %s', (url) => {
    expect(parse(url)().downloadUrl).toBe(url.replace(/\/+$/, ''));
  });

  test.each([
    'http://mirror.example/etcd',
    'http://127.0.0.1.evil.example/etcd',
    'http://10.0.0.1/etcd',
    'ftp://mirror/etcd',
    'file:///tmp/etcd',
  ])('refuses %s: a release over plain http from elsewhere could be swapped with its checksums', (url) => {
    expect(parse(url)).toThrow(`--etcd-download-url is '${url}'; allowed: an https URL`);
  });
});
