import { readFileSync } from 'node:fs';
import { ruleAnchor } from '../format-sarif.js';
import { RULES } from './index.js';

test('the README’s rule table lists every rule with its severity', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(
    readme.indexOf('### Lint rules'),
    readme.indexOf('\n### ', readme.indexOf('### Lint rules') + 1),
  );
  for (const rule of RULES) {
    // Each row carries its rule's anchor: SARIF's helpUri and the messages link to it.
    expect(section).toContain(`| <a id="${ruleAnchor(rule.id)}"></a>\`${rule.id}\` ${rule.name} | ${rule.severity} |`);
  }
});
