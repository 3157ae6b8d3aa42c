import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { shellQuote } from '../../util/shell.js';

/**
 * The firewall tool that cuts peer links on an ssh host: iptables (ip6tables for IPv6 members)
 * where it works, else nft. A host with neither cannot have its links cut.
 */
export type FirewallTool = 'iptables' | 'nft';

/** A member's end of its peer links: the address it listens on and its peer port. */
export interface PeerEnd {
  address: string;
  peerPort: number;
}

/** One cut made on the host of `local`: every peer connection between `local` and `remote`, both ways. */
export interface LinkCut {
  local: PeerEnd;
  remote: PeerEnd;
}

/**
 * A shell script that prints, as its last line, `firewall iptables`, `firewall nft` or
 * `firewall none <why>`: the first tool that can list the host's rules (it runs as root).
 */
export const FIREWALL_PROBE = `fw_why=
if command -v iptables >/dev/null 2>&1; then
  if fw_out=$(iptables -w -S INPUT 2>&1 >/dev/null); then echo firewall iptables; exit 0; fi
  fw_why="iptables -S INPUT failed: $(printf '%s' "$fw_out" | head -n 1)"
fi
if command -v nft >/dev/null 2>&1; then
  if fw_out=$(nft list tables 2>&1 >/dev/null); then echo firewall nft; exit 0; fi
  fw_why="\${fw_why:+$fw_why; }nft list tables failed: $(printf '%s' "$fw_out" | head -n 1)"
fi
echo "firewall none \${fw_why:-neither iptables nor nft is installed}"`;

/** The tool a probe's output names, or the reason it gives for none; undefined when it names nothing. */
export function parseFirewallProbe(output: string): { tool: FirewallTool } | { reason: string } | undefined {
  const line = output
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text.startsWith('firewall '));
  if (line === undefined) return undefined;
  const [, tool, ...why] = line.split(' ');
  if (tool === 'iptables' || tool === 'nft') return { tool };
  return { reason: why.join(' ') || 'neither iptables nor nft is installed' };
}

/**
 * The name of this run's rules on a host: the iptables chain (jumped to from INPUT and OUTPUT) or
 * the nft table. Made from the run id, so removing it touches nothing else on the host; a run id
 * that is not short and alphanumeric is hashed to keep within the tools' name limits.
 */
export function ruleSetName(runId: string, tool: FirewallTool): string {
  const id = /^[A-Za-z0-9]{1,16}$/.test(runId) ? runId : createHash('sha256').update(runId).digest('hex').slice(0, 16);
  return tool === 'iptables' ? `ETCD-HA-${id}` : `etcd_ha_${id}`;
}

/** Host names go into nft's syntax too (which resolves them): only what a host name or IP can be. */
const ADDRESS = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

function checkEnd(end: PeerEnd): void {
  if (isIP(end.address) === 0 && !ADDRESS.test(end.address))
    throw new Error(`the address ${end.address} is neither an IP address nor a host name, so no rule names it`);
  if (!Number.isInteger(end.peerPort) || end.peerPort < 1 || end.peerPort > 65535)
    throw new Error(`the peer port ${end.peerPort} of ${end.address} is not a port (1-65535)`);
}

/**
 * The four (source, destination, port) matches that are the peer connections between `local` and
 * `remote`: `remote` connecting to local's peer port and `local`'s answers, `local` connecting to
 * remote's peer port and `remote`'s answers. Everything else (clients, ssh) stays untouched.
 */
function linkMatches(cut: LinkCut): Array<{ from: string; to: string; port: 'dport' | 'sport'; value: number }> {
  const { local, remote } = cut;
  return [
    { from: remote.address, to: local.address, port: 'dport', value: local.peerPort },
    { from: local.address, to: remote.address, port: 'sport', value: local.peerPort },
    { from: local.address, to: remote.address, port: 'dport', value: remote.peerPort },
    { from: remote.address, to: local.address, port: 'sport', value: remote.peerPort },
  ];
}

/**
 * A shell script (run as root on the host of every `local` in `cuts`) that rejects the peer
 * connections of each cut with TCP resets, both ways: open connections end at once and new ones are
 * refused. Resets pass the run's rules first, or the resets REJECT sends (which carry a cut peer's
 * address too) would be rejected in turn, and each side would wait out TCP's retransmissions of a
 * link that looks alive. Cuts add up; `removeRulesScript` undoes them all.
 */
export function cutScript(tool: FirewallTool, runId: string, cuts: LinkCut[]): string {
  for (const cut of cuts) {
    checkEnd(cut.local);
    checkEnd(cut.remote);
    if (cut.local.address === cut.remote.address)
      throw new Error(
        `the members at ${cut.local.address}:${cut.local.peerPort} and :${cut.remote.peerPort} share a host, and rules by address and port cannot tell their peer connections from others there`,
      );
  }
  const name = shellQuote(ruleSetName(runId, tool));
  const lines = ['set -e'];
  if (tool === 'iptables') {
    const commands = [...new Set(cuts.map((cut) => iptablesFor(cut.remote.address)))];
    for (const command of commands) {
      const resets = '-p tcp --tcp-flags RST RST -j RETURN';
      lines.push(
        `${command} -w -N ${name} 2>/dev/null || true`,
        `${command} -w -C INPUT -j ${name} 2>/dev/null || ${command} -w -I INPUT -j ${name}`,
        `${command} -w -C OUTPUT -j ${name} 2>/dev/null || ${command} -w -I OUTPUT -j ${name}`,
        `${command} -w -C ${name} ${resets} 2>/dev/null || ${command} -w -I ${name} 1 ${resets}`,
      );
    }
    for (const cut of cuts) {
      const command = iptablesFor(cut.remote.address);
      for (const match of linkMatches(cut)) {
        const rule = `${name} -s ${shellQuote(match.from)} -d ${shellQuote(match.to)} -p tcp --${match.port} ${match.value} -j REJECT --reject-with tcp-reset`;
        lines.push(`${command} -w -C ${rule} 2>/dev/null || ${command} -w -A ${rule}`);
      }
    }
    return lines.join('\n');
  }
  // nft: one table of the run with a chain the input and output hooks jump to.
  lines.push(
    `nft list table inet ${name} >/dev/null 2>&1 || nft -f - <<'EOF'`,
    `table inet ${ruleSetName(runId, tool)} {`,
    '  chain cut {',
    '    tcp flags & rst == rst return',
    '  }',
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    '    jump cut',
    '  }',
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    '    jump cut',
    '  }',
    '}',
    'EOF',
  );
  for (const cut of cuts) {
    const family = isIP(cut.remote.address) === 6 ? 'ip6' : 'ip';
    for (const match of linkMatches(cut)) {
      lines.push(
        `nft add rule inet ${name} cut ${family} saddr ${shellQuote(match.from)} ${family} daddr ${shellQuote(match.to)} tcp ${match.port} ${match.value} reject with tcp reset`,
      );
    }
  }
  return lines.join('\n');
}

const iptablesFor = (address: string) => (isIP(address) === 6 ? 'ip6tables' : 'iptables');

/**
 * A shell script that removes every rule of this run from a host (the chain and its jumps from
 * INPUT and OUTPUT, or the nft table), and fails if any is left. Harmless where there is none.
 */
export function removeRulesScript(tool: FirewallTool, runId: string): string {
  const name = shellQuote(ruleSetName(runId, tool));
  if (tool === 'nft') {
    return [
      `nft list table inet ${name} >/dev/null 2>&1 || exit 0`,
      `nft delete table inet ${name}`,
      `! nft list table inet ${name} >/dev/null 2>&1`,
    ].join('\n');
  }
  // A jump inserted twice (two runs of isolate racing) is deleted as often as it is there, at most 20 times.
  return `left=
for t in iptables ip6tables; do
  command -v $t >/dev/null 2>&1 || continue
  $t -w -S ${name} >/dev/null 2>&1 || continue
  for hook in INPUT OUTPUT; do
    i=0; while [ $i -lt 20 ] && $t -w -D $hook -j ${name} 2>/dev/null; do i=$((i+1)); done
  done
  $t -w -F ${name} && $t -w -X ${name} || left="$left $t"
done
if [ -n "$left" ]; then echo "the chain "${name}" is still there for:$left" >&2; exit 1; fi`;
}
