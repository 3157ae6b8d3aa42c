import { resolveEtcdBinaries, type EtcdBinaries, type EtcdBinaryOptions } from '../../etcd/install.js';
import type { PipelineDeps } from './deps.js';

/** Finds or downloads etcd for this state. */
export async function binariesPhase(options: EtcdBinaryOptions, deps: PipelineDeps): Promise<EtcdBinaries> {
  const binaries = await resolveEtcdBinaries(options, deps);
  deps.logger.info(`using etcd ${binaries.version} from ${binaries.source} (${binaries.etcd})`);
  return binaries;
}
