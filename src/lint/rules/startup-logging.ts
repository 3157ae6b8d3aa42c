/** Startup refusals about logging: the logger, its level, outputs and format. */
import { settingOf, type Finding } from '../model.js';
import { ALL_RELEASES, refuses, report, valueOf, written, type Rule } from './rule.js';

const LEVELS = ['debug', 'info', 'warn', 'error', 'dpanic', 'panic', 'fatal'];
const CAPNSLOG_OUTPUTS = ['default', 'stderr', 'stdout'];

export const invalidLogging: Rule = {
  info: {
    id: 'ETCD-113',
    severity: 'error',
    name: 'invalid-logging',
    etcdDoes:
      'Refuses to start (or panics) on an unknown logger, log level, log output or log format; 3.5 removed the capnslog logger, and 3.4’s capnslog takes one output of default, stderr or stdout.',
    fix: 'Use logger zap, log-level debug/info/warn/error/panic/fatal, log-outputs stderr, stdout, default or file paths (3.6: log-format json or console).',
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings: Finding[] = [];
    const loggerSetting = settingOf(member, 'logger');
    const logger = valueOf(member, 'logger', version)!;
    if (loggerSetting && logger === 'capnslog' && version.minor !== '3.4') {
      findings.push(
        report(
          this.info,
          loggerSetting,
          `${written(loggerSetting)}: etcd ${version.minor} logs with zap only; ${refuses('--logger=capnslog is removed in v3.5')}.`,
          true,
        ),
      );
      return findings;
    }
    if (loggerSetting && logger !== 'capnslog' && logger !== 'zap') {
      const etcdMessage = `unknown logger option ${JSON.stringify(logger)}`;
      findings.push(
        report(
          this.info,
          loggerSetting,
          `${written(loggerSetting)}: etcd takes zap${version.minor === '3.4' ? ' or capnslog' : ''}; ${refuses(etcdMessage)}.`,
          true,
        ),
      );
      return findings;
    }
    const outputsSetting = settingOf(member, 'log-outputs');
    if (outputsSetting) {
      const outputs = outputsSetting.value.split(',').map((output) => output.trim());
      if (logger === 'capnslog' && outputs.length !== 1) {
        const etcdMessage = `--logger=capnslog supports only 1 value in '--log-outputs', got [${outputs.map((output) => JSON.stringify(output)).join(' ')}]`;
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: etcd 3.4 logs with capnslog unless logger is zap; ${refuses(etcdMessage)}.`,
            true,
          ),
        );
      } else if (logger === 'capnslog' && !CAPNSLOG_OUTPUTS.includes(outputs[0])) {
        const etcdMessage = `unknown log-output ${JSON.stringify(outputs[0])} (only supports "default", "stderr", "stdout")`;
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: etcd 3.4 logs with capnslog unless logger is zap; ${refuses(etcdMessage)}.`,
            true,
          ),
        );
      } else if (logger === 'zap' && outputs.length > 1 && outputs.includes('default')) {
        const etcdMessage = 'multi logoutput for "default" is not supported yet';
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: default cannot be combined with other outputs; ${refuses(etcdMessage)}.`,
            true,
          ),
        );
      }
    }
    const level = settingOf(member, 'log-level');
    const levelKnown = (text: string) =>
      LEVELS.includes(text) || (version.minor !== '3.4' && (LEVELS.includes(text.toLowerCase()) || text === ''));
    if (level && !levelKnown(level.value)) {
      const etcdMessage =
        version.minor === '3.4'
          ? `panic: unknown level ${JSON.stringify(level.value)}`
          : `panic: unrecognized level: ${JSON.stringify(level.value)}`;
      findings.push(
        report(this.info, level, `${written(level)}: etcd takes ${LEVELS.join(', ')}; ${refuses(etcdMessage)}.`, true),
      );
    }
    const format = settingOf(member, 'log-format');
    if (format && version.minor === '3.6' && !['json', 'console'].includes(format.value)) {
      const etcdMessage = `unknown log format: ${format.value}, supported values json, console`;
      findings.push(
        report(this.info, format, `${written(format)}: etcd takes json or console; ${refuses(etcdMessage)}.`, true),
      );
    }
    return findings;
  },
};
