import { readFileSync } from 'node:fs';
import { RULES } from './index.js';

test('the README’s rule table lists every rule with its severity', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(
    readme.indexOf('### Lint rules'),
    readme.indexOf('\n### ', readme.indexOf('### Lint rules') + 1),
  );
  for (const rule of RULES) expect(section).toContain(`| \`${rule.id}\` ${rule.name} | ${rule.severity} |`);
});
