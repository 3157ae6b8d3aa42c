import { lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appendFileNoFollow, SymlinkRefusedError, writeFileNoFollow } from './safe-write.js';

describe('writing at a path a pull request may have prepared', () => {
  let dir: string;
  let workspace: string;
  let outside: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'safe-write-'));
    workspace = path.join(dir, 'workspace');
    outside = path.join(dir, 'outside');
    await mkdir(workspace);
    await mkdir(outside);
    await writeFile(path.join(outside, 'victim'), 'original');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('a symbolic link at the file is refused and what it points at is left alone', async () => {
    await symlink(path.join(outside, 'victim'), path.join(workspace, 'etcd-lint.sarif'));
    for (const write of [writeFileNoFollow, appendFileNoFollow]) {
      await expect(write(path.join(workspace, 'etcd-lint.sarif'), 'x', { workspace })).rejects.toBeInstanceOf(
        SymlinkRefusedError,
      );
    }
    expect(await readFile(path.join(outside, 'victim'), 'utf8')).toBe('original');
  });

  test('a linked folder inside the workspace is refused', async () => {
    await symlink(outside, path.join(workspace, 'out'));
    await expect(writeFileNoFollow(path.join(workspace, 'out/victim'), 'x', { workspace })).rejects.toThrow(
      /is under .*\/workspace\/out, a symbolic link/,
    );
    await expect(appendFileNoFollow(path.join(workspace, 'out/victim'), 'x', { workspace })).rejects.toThrow(
      SymlinkRefusedError,
    );
    expect(await readFile(path.join(outside, 'victim'), 'utf8')).toBe('original');
  });

  test('writes a new file or replaces a plain one with the mode asked, leaving no temporary file', async () => {
    const key = path.join(workspace, 'keys/id');
    await mkdir(path.dirname(key));
    await writeFile(key, 'old', { mode: 0o644 });
    await writeFileNoFollow(key, 'secret', { workspace, mode: 0o600 });
    expect(await readFile(key, 'utf8')).toBe('secret');
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    await writeFileNoFollow(path.join(workspace, 'new/deep/report.json'), '{}', { workspace });
    expect((await lstat(path.join(workspace, 'new/deep/report.json'))).isFile()).toBe(true);
    await appendFileNoFollow(path.join(workspace, 'summary.md'), 'a', { workspace });
    await appendFileNoFollow(path.join(workspace, 'summary.md'), 'b', { workspace });
    expect(await readFile(path.join(workspace, 'summary.md'), 'utf8')).toBe('ab');
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(path.dirname(key))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
