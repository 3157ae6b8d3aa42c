import * as core from '@actions/core';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildClusterSpec } from '../cluster/spec.js';
import { parseTiming, parseTopology } from '../options/options.js';
import { flagLabel, inputLabel, optionReader } from '../options/reader.js';
import { buildReport } from '../report/model.js';
import { systemDeps } from '../run/system-deps.js';
import { memoryLogger } from '../util/logger.js';
import { parseDiagnosticsInputs, publishDiagnostics } from './diagnostics.js';

const INPUTS = ['DIAGNOSTICS', 'DIAGNOSTICS-PASSPHRASE', 'DIAGNOSTICS-RECIPIENTS'];

/** Parses the diagnostics inputs as the action gets them from the runner (INPUT_* variables). */
function parse(inputs: Record<string, string>) {
  for (const name of INPUTS) delete process.env[`INPUT_${name}`];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  try {
    return parseDiagnosticsInputs(optionReader((name) => core.getInput(name), inputLabel)).diagnostics;
  } finally {
    for (const name of INPUTS) delete process.env[`INPUT_${name}`];
  }
}

describe('the diagnostics inputs', () => {
  it('default to a bundle on failure, not sealed', () => {
    expect(parse({})).toEqual({ when: 'on-failure' });
    expect(parse({ diagnostics: 'never' })).toEqual({ when: 'never' });
  });

  it('seal with a passphrase or for recipients, naming the input', async () => {
    expect(parse({ 'diagnostics-passphrase': 'correct horse' })).toEqual({
      when: 'on-failure',
      seal: { key: { passphrase: 'correct horse' }, label: "input 'diagnostics-passphrase'" },
    });
    const recipient = await identityToRecipient(await generateIdentity());
    expect(parse({ diagnostics: 'always', 'diagnostics-recipients': `${recipient}\n${recipient}` }).seal).toEqual({
      key: { recipients: [recipient, recipient] },
      label: "input 'diagnostics-recipients'",
    });
  });

  it('refuses a bad value, a key that is not an age public key, and both kinds of key at once', () => {
    expect(() => parse({ diagnostics: 'sometimes' })).toThrow(
      "input 'diagnostics' is 'sometimes'; allowed: one of on-failure, always, never",
    );
    expect(() => parse({ 'diagnostics-recipients': 'ssh-ed25519 AAAA' })).toThrow(
      "input 'diagnostics-recipients' is 'ssh-ed25519'; allowed: an age public key (age1...)",
    );
    expect(() => parse({ 'diagnostics-passphrase': 'p', 'diagnostics-recipients': 'age1x' })).toThrow(
      "input 'diagnostics-passphrase' and input 'diagnostics-recipients' are both set; allowed: one of them",
    );
  });
});

describe('publishDiagnostics', () => {
  let dir: string;
  const saved = { RUNNER_TEMP: process.env.RUNNER_TEMP, GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY };
  // One folder for all: @actions/core keeps the summary file's path once it has written to it.
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-action-diagnostics-'));
    process.env.RUNNER_TEMP = dir;
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary.md');
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const defaults = optionReader(() => undefined, flagLabel);
  const spec = buildClusterSpec('/tmp/etcd-ha-x', parseTopology(defaults), parseTiming(defaults));
  const report = (passed: boolean) => ({
    ...buildReport({
      spec,
      target: 'local',
      etcdVersion: '3.4.23',
      toolVersion: '0.1.0',
      startedAt: new Date(0),
      durationMs: 1,
      phases: {},
      members: [],
      checks: [],
      error: 'up failed',
    }),
    passed,
  });

  it('uploads the bundle of a failed run as etcd-ha-diagnostics-<run id>, and says in the summary how to open it', async () => {
    const uploads: string[][] = [];
    const store = {
      upload: async (file: string, name: string) => (uploads.push([file, name]), { id: 42 }),
      download: async () => '',
    };
    const recipient = await identityToRecipient(await generateIdentity());
    const options = {
      when: 'on-failure' as const,
      seal: { key: { recipients: [recipient] }, label: "input 'diagnostics-recipients'" },
    };
    await publishDiagnostics(report(false), undefined, options, systemDeps({}, memoryLogger()), store);
    const file = path.join(dir, `etcd-ha-diagnostics-${spec.runId}.tar.gz.age`);
    expect(uploads).toEqual([[file, `etcd-ha-diagnostics-${spec.runId}`]]);
    expect(readFileSync(file).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const summary = readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain(`is the artifact \`etcd-ha-diagnostics-${spec.runId}\` (id 42;`);
    expect(summary).toContain(`age -d -i key.txt 'etcd-ha-diagnostics-${spec.runId}.tar.gz.age' | tar -xz`);
  });

  it('writes nothing for a run that passed, unless always', async () => {
    const store = { upload: async () => ({ id: 1 }), download: async () => '' };
    await publishDiagnostics(report(true), undefined, { when: 'on-failure' }, systemDeps({}, memoryLogger()), store);
    expect(existsSync(path.join(dir, `etcd-ha-diagnostics-${spec.runId}.tar.gz`))).toBe(false);
    await publishDiagnostics(report(true), undefined, { when: 'always' }, systemDeps({}, memoryLogger()), undefined);
    expect(existsSync(path.join(dir, `etcd-ha-diagnostics-${spec.runId}.tar.gz`))).toBe(true);
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('there is no artifact service here');
  });
});
