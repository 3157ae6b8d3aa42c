import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The IPv4 loopback addresses something listens on (TCP, from /proc/net/tcp), and whether a listener
 * takes every address (0.0.0.0). Empty where /proc is not there.
 */
export function loopbackListeners(read: (file: string) => string = (file) => readFileSync(file, 'utf8')): Set<string> {
  const addresses = new Set<string>();
  let table: string;
  try {
    table = read('/proc/net/tcp');
  } catch {
    return addresses;
  }
  for (const line of table.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    // 0A: LISTEN. The address is hex in the host's byte order (little-endian here).
    if (state !== '0A' || !local) continue;
    const hex = local.split(':')[0];
    const octets = [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16));
    addresses.add(octets.join('.'));
  }
  return addresses;
}

/**
 * The first member's address in a loopback block 127.0.N.0/24 on which nothing listens, N picked at
 * random from 1 to 254 and counted up from there, so that two runs on one machine (two jobs on a
 * self-hosted runner) rarely pick the same block and never one already in use. Falls back to
 * 127.0.0.11 when every block has a listener.
 */
export function freeLoopbackBase(
  listeners: Set<string> = loopbackListeners(),
  random: (min: number, max: number) => number = randomInt,
): string {
  const busy = new Set([...listeners].filter((address) => address.startsWith('127.0.')).map((a) => a.split('.')[2]));
  const start = random(1, 255);
  for (let offset = 0; offset < 254; offset++) {
    const block = ((start - 1 + offset) % 254) + 1;
    if (!busy.has(String(block))) return `127.0.${block}.11`;
  }
  return '127.0.0.11';
}
