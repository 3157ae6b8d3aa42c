import { DEFAULT_ETCD_VERSION } from '../etcd/releases.js';
import { VERSION } from '../version.js';
import { CLI_VERBS, flagHelp, VERB_OPTIONS as TABLE_VERB_OPTIONS } from '../options/option-table.js';
import { VERB_HELP } from './help.js';
import { helpOf, main, VERB_OPTIONS } from './main.js';

/** Runs the CLI in-process and keeps what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {} });
  return { code, stdout, stderr };
}

const verbs = Object.keys(VERB_OPTIONS);

describe('etcd-ha VERB --help', () => {
  it.each(verbs)('%s: lists every option the verb takes, with --verbose, usage, exit codes and an example', (verb) => {
    const help = helpOf(verb);
    expect(VERB_HELP[verb]).toBeDefined();
    for (const name of VERB_OPTIONS[verb].filter((option) => option !== 'key-size')) {
      expect([name, new RegExp(`^  --${name}( |$)`, 'm').test(help)]).toEqual([name, true]);
    }
    expect(help).toMatch(/^ {2}--verbose /m);
    expect(help).toMatch(/^ {2}-h, --help /m);
    expect(help).toContain(`Usage:\n  etcd-ha ${verb}`);
    expect(help).toMatch(/^Exit: 0 /m);
    expect(help).toMatch(new RegExp(`^Examples:\\n  etcd-ha ${verb}`, 'm'));
  });

  it.each(verbs)('%s: no line is wider than 100 columns', (verb) => {
    for (const line of helpOf(verb).split('\n')) expect([line, line.length <= 100]).toEqual([line, true]);
  });

  it('shows each default beside its flag', () => {
    const flat = (verb: string) => helpOf(verb).replace(/\s+/g, ' ');
    expect(flat('run')).toMatch(/--members N number of members, 1 to 9 \([^)]*\) \(default: 3\)/);
    expect(flat('run')).toMatch(
      /--diagnostics WHEN write a diagnostics bundle \([^)]*\): on-failure, always or never \(default: on-failure\)/,
    );
    expect(flat('run')).toContain(
      '--state DIR the folder for PKI, data dirs, logs and state; emptied at teardown unless --keep (default: a new temporary folder)',
    );
    expect(flat('lint')).toContain(
      `--etcd-version X.Y.Z the etcd release the configuration is for, 3.4.0 or later (default: ${DEFAULT_ETCD_VERSION})`,
    );
  });

  it('does not list an option that is only taken to be refused', () => {
    expect(helpOf('run')).not.toContain('--key-size');
  });

  it('documents every flag of every verb, each under a group with a meaning', () => {
    for (const verb of CLI_VERBS)
      for (const name of TABLE_VERB_OPTIONS[verb]) {
        const flag = flagHelp(name, verb);
        expect([verb, name, flag.meaning.length > 0 && flag.group.length > 0]).toEqual([verb, name, true]);
      }
  });

  it.each([
    ['run', '--help'],
    ['run', '-h'],
    ['run', '--members', '5', '--help'],
    ['run', '--no-such-option', '-h'],
    ['down', '--state', 'x', '--help'],
    ['lint', 'deploy/', '-h'],
    ['help', 'run'],
  ])("%j prints that verb's help and exits 0", async (...argv) => {
    const verb = argv[0] === 'help' ? argv[1] : argv[0];
    const result = await cli(...argv);
    expect(result).toEqual({ code: 0, stdout: helpOf(verb), stderr: '' });
  });

  it('prints an overview of every verb for --help, and for no verb (then exit 2)', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const verb of verbs) expect(help.stdout).toMatch(new RegExp(`^  ${verb} +\\S`, 'm'));
    expect(help.stdout).toContain("'etcd-ha VERB --help'");
    expect((await cli()).code).toBe(2);
  });

  it("prints the overview with every verb for 'help', as for --help", async () => {
    const help = await cli('help');
    expect(help).toEqual({ code: 0, stdout: (await cli('--help')).stdout, stderr: '' });
    expect(help.stdout).toContain(`etcd-ha ${VERSION}:`);
    expect(help.stdout).toContain('\nVerbs:\n');
    for (const verb of verbs) expect(help.stdout).toMatch(new RegExp(`^  ${verb} +\\S`, 'm'));
  });

  it('prints the version alone on the first line of --version, then the verbs', async () => {
    const version = await cli('--version');
    expect([version.code, version.stderr]).toEqual([0, '']);
    const [first, second, ...rest] = version.stdout.split('\n');
    expect(first).toBe(VERSION);
    expect(first).toMatch(/^\d+\.\d+\.\d+$/);
    expect(second).toBe(`verbs: ${verbs.join(', ')} ('etcd-ha help' describes each)`);
    expect(verbs).toEqual(expect.arrayContaining(['run', 'lint', 'down']));
    expect(rest).toEqual(['']);
  });

  it('refuses help on a verb that does not exist', async () => {
    const result = await cli('help', 'nope');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'nope' is not a command; commands: run,");
    expect((await cli('nope', '--help')).code).toBe(2);
  });

  it('suggests the verb a typo meant, and the option', async () => {
    const verb = await cli('rn', '--members', '3');
    expect(verb.code).toBe(2);
    expect(verb.stderr).toContain("'rn' is not a command; did you mean 'run'? commands: run,");
    const option = await cli('lint', '--fromat', 'json');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('etcd-ha lint: unknown option --fromat; did you mean --format?');
    expect(option.stderr).not.toMatch(/ERR_PARSE_ARGS|positional argument starting/);
  });
});
