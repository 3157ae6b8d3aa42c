import { readdirSync, readFileSync } from 'node:fs';
import { schemaErrors } from '../../test/support/report-schema.js';

test('the fixture reports of real runs match the published schema', () => {
  const files = readdirSync('fixtures/report').filter((name) => name.endsWith('.json'));
  expect(
    files.map((file) => [file, schemaErrors('report', JSON.parse(readFileSync(`fixtures/report/${file}`, 'utf8')))]),
  ).toEqual(files.map((file) => [file, []]));
});
