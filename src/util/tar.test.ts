import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tarArchive } from './tar.js';

describe('tarArchive', () => {
  it('is read by GNU tar with names, contents and modes as given', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tar-test-'));
    try {
      const archive = tarArchive([
        { name: 'bin/etcd', mode: 0o700, data: Buffer.from('#!/bin/sh\n') },
        { name: 'pki/server.key', mode: 0o600, data: Buffer.alloc(1500, 7) },
      ]);
      expect(archive.length % 512).toBe(0);
      execFileSync('tar', ['-x', '-f', '-', '-C', dir], { input: archive });
      expect(readFileSync(path.join(dir, 'bin/etcd'), 'utf8')).toBe('#!/bin/sh\n');
      expect(statSync(path.join(dir, 'bin/etcd')).mode & 0o777).toBe(0o700);
      expect(readFileSync(path.join(dir, 'pki/server.key'))).toEqual(Buffer.alloc(1500, 7));
      expect(statSync(path.join(dir, 'pki/server.key')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses names that would leave the folder it is unpacked in', () => {
    expect(() => tarArchive([{ name: '../etc/passwd', mode: 0o600, data: Buffer.alloc(0) }])).toThrow(
      /not a short relative path/,
    );
    expect(() => tarArchive([{ name: '/etc/passwd', mode: 0o600, data: Buffer.alloc(0) }])).toThrow(
      /not a short relative path/,
    );
  });
});
