/**
 * The listening sockets of a /proc/net/tcp or /proc/net/tcp6 table (state 0A is LISTEN): each with
 * its port and, for IPv4 (8 hex digits, in the host's byte order, little-endian here), its address
 * as dotted decimal; an IPv6 address is left as its hex text. Other lines (the header, connected
 * sockets) are skipped.
 */
export function tcpListeners(table: string): Array<{ address: string; port: number }> {
  const listeners: Array<{ address: string; port: number }> = [];
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== '0A') continue;
    const [hex, portHex] = fields[1].split(':');
    const port = Number.parseInt(portHex ?? '', 16);
    if (!Number.isInteger(port)) continue;
    const address =
      hex.length === 8 ? [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join('.') : hex;
    listeners.push({ address, port });
  }
  return listeners;
}
