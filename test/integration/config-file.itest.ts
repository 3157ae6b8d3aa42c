import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { etcdConfigYaml } from '../../src/cluster/flags.js';
import { certsPhase } from '../../src/run/phases/pki.js';
import { systemDeps } from '../../src/run/system-deps.js';
import { etcdctlEnvironment } from '../../src/run/state.js';
import { memoryLogger } from '../../src/util/logger.js';
import { killEtcdUnder, newTempDir } from '../support/helpers.js';

describe('etcd.conf.yml rendered from the cluster spec', () => {
  it('starts a real 3-member mTLS cluster with etcd --config-file', async () => {
    const dir = await newTempDir('etcd-ha-conf-');
    const children: ChildProcess[] = [];
    try {
      const deps = systemDeps(process.env, memoryLogger());
      const topology = {
        members: 3,
        baseAddress: '127.0.0.151',
        clientPort: 2379,
        peerPort: 2380,
        extraSans: [],
        certValidityDays: 1,
        keyAlgorithm: 'ecdsa-p256' as const,
      };
      const { spec } = await certsPhase(
        dir,
        topology,
        { heartbeatMs: 50, electionMs: 250, startupTimeoutMs: 20000 },
        deps,
      );
      for (const member of spec.members) {
        const file = path.join(dir, `${member.name}.conf.yml`);
        writeFileSync(file, etcdConfigYaml(spec, member));
        await mkdir(member.dataDir, { recursive: true, mode: 0o700 });
        const log = openSync(path.join(dir, `${member.name}.log`), 'a');
        children.push(spawn('etcd', ['--config-file', file], { stdio: ['ignore', log, log] }));
      }
      const env = { ...process.env, ...etcdctlEnvironment(spec) };
      let healthy = '';
      // Bounded: up to 30 tries, about 15 s.
      for (let attempt = 0; attempt < 30 && !healthy.includes('127.0.0.153:2379 is healthy'); attempt++) {
        const result = spawnSync('etcdctl', ['endpoint', 'health', '--command-timeout=1s'], {
          env,
          encoding: 'utf8',
          timeout: 5000,
        });
        if (result.status === 0) healthy = result.stderr + result.stdout;
        else await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(healthy).toMatch(/https:\/\/127\.0\.0\.151:2379 is healthy/);
      expect(healthy).toMatch(/https:\/\/127\.0\.0\.153:2379 is healthy/);
      const members = spawnSync('etcdctl', ['member', 'list'], { env, encoding: 'utf8', timeout: 10000 }).stdout;
      expect(members).toMatch(/etcd-2, https:\/\/127\.0\.0\.152:2380, https:\/\/127\.0\.0\.152:2379/);
    } finally {
      for (const child of children) child.kill('SIGKILL');
      killEtcdUnder(dir);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
