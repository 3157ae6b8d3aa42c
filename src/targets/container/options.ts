import type { OptionReader } from '../../options/reader.js';
import type { ContainerTargetOptions } from './types.js';

const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** `image` and `network`, each optional. */
export function parseContainerOptions(read: OptionReader): ContainerTargetOptions {
  const image = read.raw('image');
  if (image !== undefined && !IMAGE.test(image))
    read.fail('image', image, 'an image reference such as gcr.io/etcd-development/etcd:v3.5.21');
  const network = read.raw('network');
  if (network !== undefined && !NETWORK.test(network)) {
    read.fail(
      'network',
      network,
      'a network name of letters, digits, _ . and - (up to 63), starting with a letter or digit',
    );
  }
  return { kind: 'container', ...(image ? { image } : {}), ...(network ? { network } : {}) };
}
