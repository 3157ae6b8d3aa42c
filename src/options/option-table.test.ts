import { CHECKS } from '../checks/registry.js';
import {
  ACTIONS,
  actionOptions,
  CLI_VERBS,
  flagHelp,
  inputDoc,
  inputName,
  OPTIONS,
  optionSpec,
  REPEATABLE,
  SWITCHES,
  VERB_OPTIONS,
  type OptionName,
} from './option-table.js';

const names = Object.keys(OPTIONS) as OptionName[];

describe('the table of options', () => {
  it('names options in kebab-case, each taken by some verb or action', () => {
    for (const name of names) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      const spec = optionSpec(name);
      expect([name, spec.verbs !== undefined || spec.actions !== undefined]).toEqual([name, true]);
    }
  });

  it('gives each input of an action one option', () => {
    for (const action of ACTIONS) {
      const inputs = actionOptions(action).map(inputName);
      expect([action, new Set(inputs).size]).toEqual([action, inputs.length]);
    }
  });

  it('renders every text on every surface: each {option} it names is one there', () => {
    for (const verb of CLI_VERBS)
      for (const name of VERB_OPTIONS[verb]) expect(() => flagHelp(name, verb)).not.toThrow();
    for (const action of ACTIONS)
      for (const name of actionOptions(action)) {
        const plain = inputDoc(name, action, false);
        expect([name, plain.description]).not.toEqual([name, expect.stringMatching(/[{}`]/)]);
        expect(() => inputDoc(name, action, true)).not.toThrow();
      }
  });

  it('says of members the fewest each check runs on, as the checks say it', () => {
    const members = flagHelp('members', 'run').meaning;
    for (const check of CHECKS.filter((candidate) => (candidate.minMembers?.count ?? 1) > 1))
      expect(members).toMatch(new RegExp(`\\b${check.name}\\b[^;]*\\b${check.minMembers?.count}\\b`));
  });

  it('says of rounds exactly the checks that run in rounds: those that stop members, but for one that runs once', () => {
    const rounds = inputDoc('rounds', 'run', false).description;
    const listed = /\(([^)]*)\)/.exec(rounds)?.[1].split(', ');
    expect(listed).toEqual(
      CHECKS.filter((check) => check.stopsMembers && check.once === undefined).map((check) => check.name),
    );
    expect(flagHelp('rounds', 'check').meaning).toContain(`(${listed?.join(', ')})`);
  });

  it('takes a switch without a value and repeats only flags that take one', () => {
    expect([...SWITCHES].sort()).toEqual(['all', 'boot', 'keep', 'verbose']);
    expect(REPEATABLE).toEqual(['recipient', 'identity', 'diagnostics-recipient']);
  });
});
