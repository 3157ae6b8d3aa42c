import path from 'node:path';

/** The files of a state dir that every step knows by name: the cluster state each step leaves for the next, and etcdctl's environment. */
export const STATE_FILE = 'etcd-ha-state.json';
export const ETCDCTL_ENV_FILE = 'etcdctl.env';

export function stateFilePath(stateDir: string): string {
  return path.join(stateDir, STATE_FILE);
}
