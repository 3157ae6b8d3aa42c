import { createServer } from 'node:net';
import { ConfigurationError } from '../errors.js';

/** Resolves if `address:port` can be bound now; otherwise rejects with the system's reason. */
function tryBind(address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** True when every port can be bound on `address` now. */
export async function portsFree(address: string, ports: number[]): Promise<boolean> {
  for (const port of ports) {
    try {
      await tryBind(address, port);
    } catch {
      return false;
    }
  }
  return true;
}

/** What a member listens on, and which option moves it. */
export interface Listener {
  member: string;
  role: 'client' | 'peer' | 'metrics';
  address: string;
  port: number;
  /** What the user can change to free it; by default the role's port option or base-address. */
  fix?: string;
}

/** Fails with a ConfigurationError naming the member, address, port and option if any listener cannot be bound. */
export async function assertListenersFree(listeners: Listener[]): Promise<void> {
  for (const listener of listeners) {
    try {
      await tryBind(listener.address, listener.port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${code ?? String(error)})`;
      throw new ConfigurationError(
        `${listener.address}:${listener.port} (the ${listener.role} port of ${listener.member}) ${reason}; ` +
          (listener.fix ?? `choose another ${listener.role}-port or base-address`),
      );
    }
  }
}
