import { readFileSync } from 'node:fs';
import { ruleAnchor } from '../format-sarif.js';
import { RULES } from './index.js';

test('the rule table of docs/lint.md lists every rule with its severity', () => {
  const page = readFileSync('docs/lint.md', 'utf8');
  const section = page.slice(
    page.indexOf('\n## Lint rules\n'),
    page.indexOf('\n## ', page.indexOf('\n## Lint rules\n') + 1),
  );
  for (const rule of RULES) {
    // Each row carries its rule's anchor: SARIF's helpUri and the messages link to it.
    expect(section).toContain(`| <a id="${ruleAnchor(rule.id)}"></a>\`${rule.id}\` ${rule.name} | ${rule.severity} |`);
  }
});
