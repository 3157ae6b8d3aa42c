import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tcpListeners } from '../../util/proc-net-tcp.js';

/**
 * The IPv4 addresses something listens on (TCP, from /proc/net/tcp; 0.0.0.0 for a listener on every
 * address). Empty where /proc is not there.
 */
export function loopbackListeners(read: (file: string) => string = (file) => readFileSync(file, 'utf8')): Set<string> {
  try {
    return new Set(tcpListeners(read('/proc/net/tcp')).map((listener) => listener.address));
  } catch {
    return new Set();
  }
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
