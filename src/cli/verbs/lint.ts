import { LINT_FORMATS, parseLintOptions, reachesFailOn } from '../../options/lint-options.js';
import { renderSarif } from '../../lint/format-sarif.js';
import { renderLintJson, renderLintText } from '../../lint/format-text.js';
import { lintPaths } from '../../lint/lint.js';
import { RULES } from '../../lint/rules/index.js';
import type { VerbHandler } from './verb.js';

/** `etcd-ha lint`: lints the paths (`.` if none) and prints the findings in --format; the exit code says whether one reached --fail-on. */
export const lintVerb: VerbHandler = async ({ read, given, positionals }, io, deps) => {
  const options = parseLintOptions(read, positionals, given('boot'));
  const format = read.oneOf('format', 'text', LINT_FORMATS);
  const cwd = process.cwd();
  const result = await lintPaths(options.paths, {
    etcdVersion: options.etcdVersion,
    upgradeTo: options.upgradeTo,
    boot: options.boot,
    cwd,
    logger: deps.logger,
  });
  if (format === 'json') io.stdout(renderLintJson(result));
  else if (format === 'sarif') io.stdout(renderSarif(result, RULES, { srcRoot: cwd }));
  else io.stdout(renderLintText(result, { width: io.stdoutIsTTY ? process.stdout.columns : undefined }));
  return reachesFailOn(result.summary, options.failOn) ? 1 : 0;
};
