import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cutScript, removeRulesScript, type FirewallTool } from '../../src/targets/ssh/link-rules.js';

/**
 * The rules the ssh target cuts peer links with, run for real with each tool in two network
 * namespaces joined by a veth pair (host A 10.233.0.1, host B 10.233.0.2): what they refuse, what
 * they let through, that an open connection ends, and that removing them leaves nothing.
 */
const A = '10.233.0.1';
const B = '10.233.0.2';
const NS = ['ehlr-a', 'ehlr-b'];
const RUN = 'linkrules1';

function sh(ns: string, script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('ip', ['netns', 'exec', ns, 'sh', '-c', script], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Whether a new TCP connection from namespace `ns` to `address:port` is made within 3 s. */
function connects(ns: string, address: string, port: number): boolean {
  return (
    spawnSync('ip', ['netns', 'exec', ns, 'timeout', '3', 'bash', '-c', `exec 3<>/dev/tcp/${address}/${port}`], {
      stdio: 'ignore',
    }).status === 0
  );
}

/** Node in a namespace running `code`, its output collected. */
function nodeIn(ns: string, code: string): { child: ChildProcess; output: () => string } {
  let text = '';
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdout?.on('data', (chunk) => (text += String(chunk)));
  return { child, output: () => text };
}

async function waitFor(what: string, test: () => boolean, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (test()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

const LISTEN = (address: string) =>
  `const net = require('net'); const keep = []; for (const port of [2379, 2380]) net.createServer((s) => { keep.push(s); s.on('error', () => {}); }).listen(port, '${address}', () => console.log('listening ' + port));`;

describe('the rules that cut peer links on an ssh host', () => {
  const children: ChildProcess[] = [];
  beforeAll(() => {
    for (const ns of NS) spawnSync('ip', ['netns', 'del', ns]);
    const ip = (args: string[]) => {
      const result = spawnSync('ip', args, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
    };
    for (const ns of NS) ip(['netns', 'add', ns]);
    ip(['-n', NS[0], 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS[1]]);
    for (const [ns, address] of [
      [NS[0], A],
      [NS[1], B],
    ]) {
      ip(['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  afterAll(() => {
    for (const ns of NS) {
      for (const tool of ['iptables', 'nft'] as const) sh(ns, removeRulesScript(tool, RUN));
      spawnSync('ip', ['netns', 'del', ns]);
    }
  });

  it.each<FirewallTool>(['iptables', 'nft'])(
    'with %s: ends open peer links, refuses new ones both ways, keeps clients, and goes without a trace',
    async (tool) => {
      const servers = [nodeIn(NS[0], LISTEN(A)), nodeIn(NS[1], LISTEN(B))];
      children.push(...servers.map(({ child }) => child));
      await waitFor('both hosts listening', () => servers.every(({ output }) => output().includes('listening 2380')));
      // A peer link from B to A, open before the cut; it writes when told to.
      const link = nodeIn(
        NS[1],
        `const s = require('net').connect(2380, '${A}', () => console.log('connected'));
         s.on('error', (e) => console.log('error ' + e.code)); s.on('close', () => { console.log('closed'); process.exit(0); });
         process.stdin.on('data', () => s.write('x'));`,
      );
      children.push(link.child);
      await waitFor('the open link', () => link.output().includes('connected'));

      const cut = sh(
        NS[0],
        cutScript(tool, RUN, [{ local: { address: A, peerPort: 2380 }, remote: { address: B, peerPort: 2380 } }]),
      );
      expect([cut.status, cut.stderr]).toEqual([0, '']);
      // Cuts add up without duplicating: the same cut again changes nothing and succeeds.
      expect(
        sh(
          NS[0],
          cutScript(tool, RUN, [{ local: { address: A, peerPort: 2380 }, remote: { address: B, peerPort: 2380 } }]),
        ).status,
      ).toBe(0);

      link.child.stdin?.write('go\n');
      await waitFor('the open link to end with a reset', () => link.output().includes('closed'));
      expect(link.output()).toContain('error ECONNRESET');
      expect([connects(NS[1], A, 2380), connects(NS[0], B, 2380), connects(NS[1], A, 2379)]).toEqual([
        false,
        false,
        true,
      ]);

      const removed = sh(NS[0], removeRulesScript(tool, RUN));
      expect([removed.status, removed.stderr]).toEqual([0, '']);
      expect([connects(NS[1], A, 2380), connects(NS[0], B, 2380)]).toEqual([true, true]);
      const left = sh(NS[0], 'iptables-save; nft list ruleset').stdout.split('\n');
      expect(left.filter((line) => /etcd.ha.linkrules1/i.test(line))).toEqual([]);
      // Removing again is harmless.
      expect(sh(NS[0], removeRulesScript(tool, RUN)).status).toBe(0);
    },
  );
});
