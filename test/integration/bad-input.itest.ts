import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import path from 'node:path';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';

describe('bad input gets a clear error, exit 2, and leaves nothing running', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-bad-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [['--members', '0'], "--members is '0'; allowed: a whole number from 1 to 9"],
    [['--members', '-1'], "--members is '-1'; allowed: a whole number from 1 to 9"],
    [['--members', 'abc'], "--members is 'abc'; allowed: a whole number from 1 to 9"],
    [['--members', '1'], "--members is '1'; allowed: 2 to 9 for the failover and quorum-loss checks"],
    [
      ['--heartbeat-ms', '100', '--election-ms', '400'],
      "--election-ms is '400'; allowed: at least 5 x heartbeat-ms (500 for heartbeat-ms 100), as etcd requires",
    ],
    [['--etcd-version', 'latest'], "--etcd-version is 'latest'; allowed: a release version"],
    [
      ['--state', '/proc/etcd-ha-cannot-be-here'],
      "--state is '/proc/etcd-ha-cannot-be-here'; allowed: a folder this user can create and write",
    ],
    [
      ['--members', '3', '--no-such-option'],
      'etcd-ha run: unknown option --no-such-option (usage: etcd-ha run [options]',
    ],
    [['--memebrs', '3'], 'etcd-ha run: unknown option --memebrs; did you mean --members?'],
    [['--checks'], 'etcd-ha run: option --checks needs a value'],
  ])('run %j', async (args, message) => {
    const state = path.join(dir, 'state');
    const result = await runCli(['run', '--state', state, ...FAST, ...args]);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(livePidsMentioning(state)).toEqual([]);
    expect(existsSync(path.join(state, 'pki'))).toBe(false);
  });

  it('warns that 2 members add no fault tolerance, and goes on', async () => {
    const result = await runCli(['certs', '--out', path.join(dir, 'two'), '--members', '2']);
    expect(result.stderr).toContain('warning: members is 2: an even count adds no fault tolerance over 1');
    expect(result.code).toBe(0);
  });

  it('refuses an etcd version the download URL does not have', async () => {
    const server: Server = createServer((_request, response) => {
      response.statusCode = 404;
      response.end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const state = path.join(dir, 'state');
      const result = await runCli(
        [
          'run',
          '--state',
          state,
          '--etcd-version',
          '3.9.99',
          '--etcd-download-url',
          `http://127.0.0.1:${port}/releases`,
        ],
        {
          env: { XDG_CACHE_HOME: path.join(dir, 'cache') },
        },
      );
      expect(result.stderr).toContain(
        `etcd-version is '3.9.99'; there is no such release at http://127.0.0.1:${port}/releases/v3.9.99/SHA256SUMS (HTTP 404)`,
      );
      expect(result.code).toBe(2);
      expect(livePidsMentioning(state)).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('refuses a port that is already taken before starting any member', async () => {
    const blocker = createTcpServer();
    await new Promise<void>((resolve) => blocker.listen(2380, '127.0.0.52', resolve));
    try {
      const state = path.join(dir, 'state');
      const result = await runCli(['run', '--state', state, '--base-address', '127.0.0.51', ...FAST]);
      expect(result.stderr).toContain(
        '127.0.0.52:2380 (the peer port of etcd-2) is already in use; choose another peer-port or base-address',
      );
      expect(result.code).toBe(2);
      expect(livePidsMentioning(state)).toEqual([]);
      expect(existsSync(path.join(state, 'pki'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});

describe('an interrupted run', () => {
  it('tears the cluster down on SIGINT and exits 130', async () => {
    const dir = await newTempDir('etcd-ha-int-');
    const state = path.join(dir, 'state');
    try {
      let sent = false;
      const result = await runCli(['run', '--state', state, '--base-address', '127.0.0.54', ...FAST], {
        onStderr: (text, child) => {
          if (!sent && text.includes('killing the leader')) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      });
      expect(sent).toBe(true);
      expect(result.stderr).toContain('SIGINT received: tearing the cluster down');
      expect(result.code).toBe(130);
      expect(livePidsMentioning(state)).toEqual([]);
      expect(existsSync(state)).toBe(false);
    } finally {
      killEtcdUnder(state);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
