import { cutScript, parseFirewallProbe, removeRulesScript, ruleSetName, type LinkCut } from './link-rules.js';

const leader = { address: '10.1.0.11', peerPort: 2380 };
const follower = { address: '10.1.0.12', peerPort: 2380 };
const spare = { address: '10.1.0.13', peerPort: 2390 };
const cuts: LinkCut[] = [
  { local: leader, remote: follower },
  { local: leader, remote: spare },
];

/** The lines of a script that add a rule (iptables -A, nft add rule). */
const added = (script: string) => script.split('\n').filter((line) => / -A | add rule /.test(line));

describe('ruleSetName', () => {
  it('names the chain or table from the run id, and hashes a run id that does not fit', () => {
    expect(ruleSetName('cafe1234', 'iptables')).toBe('ETCD-HA-cafe1234');
    expect(ruleSetName('cafe1234', 'nft')).toBe('etcd_ha_cafe1234');
    const odd = ruleSetName("x'; rm -rf / #", 'iptables');
    expect(odd).toMatch(/^ETCD-HA-[0-9a-f]{16}$/);
    expect(ruleSetName("x'; rm -rf / #", 'iptables')).toBe(odd);
    expect(ruleSetName('a'.repeat(40), 'iptables').length).toBeLessThanOrEqual(28);
  });
});

describe('cutScript with iptables', () => {
  const script = cutScript('iptables', 'cafe1234', cuts);

  it('jumps from INPUT and OUTPUT to the run chain once, and lets resets through first', () => {
    expect(script).toContain("iptables -w -N 'ETCD-HA-cafe1234' 2>/dev/null || true");
    expect(script).toContain(
      "iptables -w -C INPUT -j 'ETCD-HA-cafe1234' 2>/dev/null || iptables -w -I INPUT -j 'ETCD-HA-cafe1234'",
    );
    expect(script).toContain(
      "iptables -w -C OUTPUT -j 'ETCD-HA-cafe1234' 2>/dev/null || iptables -w -I OUTPUT -j 'ETCD-HA-cafe1234'",
    );
    expect(script).toContain("-I 'ETCD-HA-cafe1234' 1 -p tcp --tcp-flags RST RST -j RETURN");
    expect(script.split('\n')[0]).toBe('set -e');
  });

  it('rejects with TCP resets exactly the peer connections of each cut, both ways, and nothing else', () => {
    const rules = added(script).map((line) => line.split(' || ')[1].replace("iptables -w -A 'ETCD-HA-cafe1234' ", ''));
    const reject = '-p tcp --%s -j REJECT --reject-with tcp-reset';
    const rule = (from: string, to: string, port: string) => `-s '${from}' -d '${to}' ${reject.replace('%s', port)}`;
    expect(rules).toEqual([
      rule('10.1.0.12', '10.1.0.11', 'dport 2380'),
      rule('10.1.0.11', '10.1.0.12', 'sport 2380'),
      rule('10.1.0.11', '10.1.0.12', 'dport 2380'),
      rule('10.1.0.12', '10.1.0.11', 'sport 2380'),
      rule('10.1.0.13', '10.1.0.11', 'dport 2380'),
      rule('10.1.0.11', '10.1.0.13', 'sport 2380'),
      rule('10.1.0.11', '10.1.0.13', 'dport 2390'),
      rule('10.1.0.13', '10.1.0.11', 'sport 2390'),
    ]);
    // Each rule is added only where it is not there yet, so cuts add up without duplicates.
    for (const line of added(script)) expect(line).toMatch(/^iptables -w -C .* 2>\/dev\/null \|\| iptables -w -A /);
  });

  it('uses ip6tables for IPv6 members', () => {
    const v6 = cutScript('iptables', 'cafe1234', [
      { local: { address: 'fd00::11', peerPort: 2380 }, remote: { address: 'fd00::12', peerPort: 2380 } },
    ]);
    expect(v6).toContain('ip6tables -w -N');
    expect(v6).not.toMatch(/^iptables/m);
  });

  it('refuses members that share an address, and addresses or ports a rule cannot name', () => {
    expect(() => cutScript('iptables', 'x', [{ local: leader, remote: { ...leader, peerPort: 2390 } }])).toThrow(
      /share a host/,
    );
    expect(() =>
      cutScript('nft', 'x', [{ local: leader, remote: { address: '10.1.0.12; reboot', peerPort: 1 } }]),
    ).toThrow(/neither an IP address nor a host name/);
    expect(() => cutScript('iptables', 'x', [{ local: leader, remote: { ...follower, peerPort: 70000 } }])).toThrow(
      /not a port/,
    );
  });
});

describe('cutScript with nft', () => {
  it('makes a table of the run once, whose chain both hooks jump to, and adds a reset rule per direction', () => {
    const script = cutScript('nft', 'cafe1234', cuts);
    expect(script).toContain("nft list table inet 'etcd_ha_cafe1234' >/dev/null 2>&1 || nft -f - <<'EOF'");
    expect(script).toContain('table inet etcd_ha_cafe1234 {');
    expect(script).toContain('tcp flags & rst == rst return');
    expect(script.match(/type filter hook (input|output) priority 0; policy accept;/g)).toHaveLength(2);
    expect(added(script)).toHaveLength(8);
    expect(added(script)[0]).toBe(
      "nft add rule inet 'etcd_ha_cafe1234' cut ip saddr '10.1.0.12' ip daddr '10.1.0.11' tcp dport 2380 reject with tcp reset",
    );
  });
});

describe('removeRulesScript', () => {
  it('removes the jumps, then flushes and deletes the chain, and fails if one is left', () => {
    const script = removeRulesScript('iptables', 'cafe1234');
    expect(script).toContain("$t -w -D $hook -j 'ETCD-HA-cafe1234'");
    expect(script).toContain("$t -w -F 'ETCD-HA-cafe1234' && $t -w -X 'ETCD-HA-cafe1234'");
    expect(script).toContain('exit 1');
  });

  it('deletes the nft table of the run, and only it', () => {
    expect(removeRulesScript('nft', 'cafe1234')).toContain("nft delete table inet 'etcd_ha_cafe1234'");
  });
});

describe('parseFirewallProbe', () => {
  it('reads the tool, or the reason there is none', () => {
    expect(parseFirewallProbe('x86_64\nprocess\nfirewall iptables\n')).toEqual({ tool: 'iptables' });
    expect(parseFirewallProbe('firewall nft')).toEqual({ tool: 'nft' });
    expect(parseFirewallProbe('firewall none neither iptables nor nft is installed')).toEqual({
      reason: 'neither iptables nor nft is installed',
    });
    expect(parseFirewallProbe('x86_64\nprocess')).toBeUndefined();
  });
});
