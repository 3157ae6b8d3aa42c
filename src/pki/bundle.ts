import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildClusterSpec, type ClusterSpec } from '../cluster/spec.js';
import { ConfigurationError } from '../errors.js';
import { makeDirs } from '../util/fs.js';
import type { ProcessRunner } from '../util/process.js';
import { writeFileNoFollow } from '../util/safe-write.js';
import { assertFingerprintsMatch, validateBundleManifest, type BundleManifest } from './bundle-manifest.js';
import { certificateFingerprints } from './fingerprints.js';
import { seal, unseal, SealError, type OpenKey, type SealKey } from './seal.js';
import { validateClusterPki } from './validate.js';

export const BUNDLE_MANIFEST = 'etcd-ha-bundle.json';
const TAR_TIMEOUT_MS = 60_000;

/**
 * Packs the cluster's PKI folder (file modes kept) and what it was made for into a tar held in
 * memory, seals it with age and writes it to `file` (0600) in one rename: the plaintext never
 * reaches a file.
 */
export async function sealClusterPki(
  spec: ClusterSpec,
  key: SealKey,
  file: string,
  runner: ProcessRunner,
): Promise<{ bytes: number }> {
  const manifest: BundleManifest = {
    schemaVersion: 1,
    runId: spec.runId,
    topology: spec.topology,
    timing: spec.timing,
    certificates: await certificateFingerprints(spec.pki.root),
  };
  // The manifest is public; it sits beside the PKI for tar to pick up and is removed at once.
  const manifestDir = await mkdtemp(path.join(spec.stateDir, '.bundle-'));
  try {
    await writeFile(path.join(manifestDir, BUNDLE_MANIFEST), JSON.stringify(manifest, null, 2));
    const tar = await runner.pipe(
      'tar',
      [
        '--create',
        '--file=-',
        '--numeric-owner',
        '--owner=0',
        '--group=0',
        '-C',
        spec.stateDir,
        path.relative(spec.stateDir, spec.pki.root),
        '-C',
        manifestDir,
        BUNDLE_MANIFEST,
      ],
      undefined,
      TAR_TIMEOUT_MS,
    );
    if (tar.code !== 0) throw new Error(`could not pack ${spec.pki.root}: ${tar.stderr.trim()}`);
    const sealed = await seal(tar.stdout, key);
    const target = path.resolve(file);
    await makeDirs(path.dirname(target), 0o700);
    await writeFileNoFollow(target, sealed, { mode: 0o600 });
    return { bytes: sealed.length };
  } finally {
    await rm(manifestDir, { recursive: true, force: true });
  }
}

/** Lists a tar's entries and refuses anything but plain files and folders under pki/ and the manifest. */
async function checkEntries(tar: Buffer, runner: ProcessRunner, source: string): Promise<void> {
  const listing = await runner.pipe('tar', ['--list', '--verbose', '--file=-'], tar, TAR_TIMEOUT_MS);
  if (listing.code !== 0)
    throw new SealError(`${source} opened, but what it holds is not a tar archive: ${listing.stderr.trim()}`);
  for (const line of listing.stdout.toString('utf8').split('\n').filter(Boolean)) {
    const type = line[0];
    const name = line.split(/\s+/).slice(5).join(' ');
    const safe = name === BUNDLE_MANIFEST || name === 'pki/' || name.startsWith('pki/');
    if ((type !== '-' && type !== 'd') || !safe || name.split('/').includes('..')) {
      throw new SealError(
        `${source} holds '${name}' (type ${type}), which is not part of an etcd-ha PKI bundle; nothing was written`,
      );
    }
  }
}

/** Sets keys to 0600 and folders to 0700, whatever the archive said. */
async function tightenModes(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await tightenModes(full);
    else if (entry.name.endsWith('.key')) await chmod(full, 0o600);
  }
}

/**
 * Opens a sealed bundle into `outDir` (which must be new or empty): `outDir/pki` in kubeadm's layout
 * and the cluster spec rebuilt for this folder. Nothing is written when the bundle does not open or
 * is not complete; the plaintext lives only in a 0700 folder beside `outDir` that is always removed.
 */
export async function openClusterPki(
  file: string,
  key: OpenKey,
  outDir: string,
  runner: ProcessRunner,
  outLabel: string,
): Promise<ClusterSpec> {
  const source = path.resolve(file);
  let sealed: Buffer;
  try {
    sealed = await readFile(source);
  } catch (error) {
    throw new ConfigurationError(
      `--from is '${file}'; allowed: a sealed bundle made by 'etcd-ha certs --seal' or age (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const out = path.resolve(outDir);
  const existing = await readdir(out).catch(() => []);
  if (existing.length > 0)
    throw new ConfigurationError(`${outLabel} is '${outDir}'; allowed: a folder that does not exist yet or is empty`);

  const tar = Buffer.from(await unseal(sealed, key, source));
  await checkEntries(tar, runner, source);
  await makeDirs(path.dirname(out), 0o700);
  const work = await mkdtemp(path.join(path.dirname(out), '.etcd-ha-restore-'));
  try {
    await chmod(work, 0o700);
    const untar = await runner.pipe(
      'tar',
      ['--extract', '--file=-', '--no-same-owner', '--preserve-permissions', '-C', work],
      tar,
      TAR_TIMEOUT_MS,
    );
    if (untar.code !== 0) throw new SealError(`${source} opened, but could not be unpacked: ${untar.stderr.trim()}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path.join(work, BUNDLE_MANIFEST), 'utf8'));
    } catch {
      throw new SealError(`${source} opened, but holds no ${BUNDLE_MANIFEST}: it was not sealed by etcd-ha`);
    }
    // Anyone with an age public key can seal a bundle to it: nothing in it is used before it is checked.
    const manifest = validateBundleManifest(parsed, source);
    const spec = buildClusterSpec(out, manifest.topology, manifest.timing, manifest.runId);
    const staged = buildClusterSpec(work, manifest.topology, manifest.timing, manifest.runId);
    const required = [
      staged.pki.caCert,
      staged.pki.apiserverClientCert,
      staged.pki.apiserverClientKey,
      ...staged.members.flatMap((m) => [
        m.pki.caCert,
        m.pki.serverCert,
        m.pki.serverKey,
        m.pki.peerCert,
        m.pki.peerKey,
      ]),
    ];
    for (const needed of required) {
      if (
        !(await stat(needed).then(
          (info) => info.isFile(),
          () => false,
        ))
      ) {
        throw new SealError(`${source} lacks ${path.relative(work, needed)}; nothing was written`);
      }
    }
    assertFingerprintsMatch(manifest, await certificateFingerprints(staged.pki.root), source);
    try {
      // Every certificate chains to the bundle's CA, names its member's address and matches its key.
      await validateClusterPki(staged, { now: new Date(), minValidityDays: 0 });
    } catch (error) {
      throw new SealError(`${source} opened, but its PKI is not one etcd-ha made: ${(error as Error).message}`);
    }
    await tightenModes(staged.pki.root);
    await mkdir(out, { recursive: true, mode: 0o700 });
    await rename(staged.pki.root, spec.pki.root);
    return spec;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
