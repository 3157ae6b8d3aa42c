import { access, constants, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, errorMessage } from '../../errors.js';
import { makeDirs } from '../../util/fs.js';

/** Creates the state folder (0700) and proves it is writable, naming the option that gave it otherwise. */
export async function prepareStateDir(stateDir: string, label: string): Promise<string> {
  const dir = path.resolve(stateDir);
  try {
    await makeDirs(dir, 0o700);
    await access(dir, constants.W_OK);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    throw new ConfigurationError(
      `${label} is '${stateDir}'; allowed: a folder this user can create and write (${errorMessage(error)})`,
    );
  }
  return dir;
}
