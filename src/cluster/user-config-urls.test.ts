import { ConfigurationError } from '../errors.js';
import type { MemberConfig } from '../lint/model.js';
import { urlHiddenParts } from '../lint/rules/startup-urls.js';
import { assertBootable, rehostInitialCluster, rehostUrls } from './user-config.js';

function member(settings: Array<[string, string]>): MemberConfig {
  const file = 'etcd.yml';
  return {
    name: 'etcd-1',
    form: 'etcd-config-file',
    file,
    includes: [],
    settings: [['name', 'etcd-1'] as [string, string], ...settings].map(([name, value], index) => ({
      name,
      value,
      key: name,
      source: 'config-file',
      at: { file, line: index + 1, column: 1 },
      valueAt: { file, line: index + 1, column: name.length + 3 },
    })),
  };
}

describe('URLs mapped to the run’s addresses', () => {
  test('are rebuilt from scheme, address and port only', () => {
    expect(rehostUrls('http://10.40.0.11:12381@127.0.0.99:12381', '127.0.0.141')).toBe('http://127.0.0.141:12381');
    expect(rehostUrls('https://10.0.0.1:2379/x?y#z,https://10.0.0.1:2379', '127.0.0.5')).toBe('https://127.0.0.5:2379');
    expect(rehostInitialCluster('a=https://u@0.0.0.0:2380', () => '127.0.0.5')).toBe('a=https://127.0.0.5:2380');
  });

  test('a URL with a login part, query or fragment is refused at boot with the lint rule’s words', () => {
    const smuggled = member([['listen-metrics-urls', 'http://10.40.0.11:12381@127.0.0.99:12381']]);
    let refusal: unknown;
    try {
      assertBootable([smuggled]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigurationError);
    const [finding] = urlHiddenParts.member!(smuggled, { version: { minor: '3.5' } as never });
    expect((refusal as Error).message).toBe(`etcd.yml:2:22: ${finding.message} (${finding.rule})`);
    for (const url of ['https://10.0.0.1:2379?a=1', 'https://10.0.0.1:2379#f', 'https://10.0.0.1:2379/p'])
      expect(() => assertBootable([member([['listen-client-urls', url]])])).toThrow(ConfigurationError);
    expect(() => assertBootable([member([['listen-client-urls', 'https://10.0.0.1:2379x']])])).toThrow(
      /not a URL \(scheme:\/\/host:port\)/,
    );
    expect(() => assertBootable([member([['listen-client-urls', 'https://10.0.0.1:2379']])])).not.toThrow();
  });
});
