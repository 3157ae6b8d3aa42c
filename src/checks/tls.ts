import { readFile } from 'node:fs/promises';
import { memberSettings } from '../cluster/flags.js';
import type { ClusterSpec } from '../cluster/spec.js';
import { errorMessage } from '../errors.js';
import { parseEtcdVersion } from '../lint/etcd-flags.js';
import {
  createCertificateAuthority,
  issueCertificate,
  loadCertificateAuthority,
  newKey,
  type GeneratedKey,
  type IssuedCertificate,
} from '../pki/generate.js';
import { DEFAULT_KEY_ALGORITHM } from '../pki/key-algorithm.js';
import { defineCheck, type CheckOutcome, type CheckTable, type ReadContext } from './check.js';
import { auditCis, type CisRow } from './cis-audit.js';
import {
  describeEnd,
  probe,
  verdictOf,
  whyCannotOffer,
  type ProbeEnd,
  type ProbeTls,
  type ProbeVerdict,
} from './tls-probe.js';

const PROBE_TIMEOUT_MS = 3000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How many problems the summary names; the tables show every one. */
const SUMMARY_PROBLEMS = 3;

/** The ways in that mutual TLS must refuse, in the order they are tried on each URL. */
export const TLS_PROBES = ['no-cert', 'other-ca', 'expired', 'plaintext', 'tls-1.1'] as const;
export type TlsProbe = (typeof TLS_PROBES)[number];

/**
 * How each probe is named in the report. `control` presents a valid certificate, the cluster's client
 * certificate (`apiserver-etcd-client`: a peer port takes it too, as it names no IP address etcd would
 * match against the probe's), and must be served.
 */
export const PROBE_LABELS: Record<TlsProbe | 'control', string> = {
  control: 'a valid certificate (control)',
  'no-cert': 'a client without a certificate',
  'other-ca': 'a certificate from another CA',
  expired: "an expired certificate of the cluster's CA",
  plaintext: 'plaintext',
  'tls-1.1': 'TLS 1.1 with a valid certificate',
};

/** What each probe presents over TLS (undefined: plaintext), or why it cannot be made here. */
export type ProbeMaterial = Record<TlsProbe | 'control', { tls?: ProbeTls } | { skipped: string }>;

/** One URL of a member: its client URL or its peer URL. */
export interface ProbedUrl {
  member: string;
  port: 'client' | 'peer';
  url: string;
}

/** What one probe did on one URL: how it ended, or why it was not made. */
export interface ProbeRecord {
  at: ProbedUrl;
  probe: TlsProbe | 'control';
  end?: ProbeEnd;
  skipped?: string;
}

const TLS_1_1: ProbeTls = { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' };

/**
 * The certificates the probes present: the cluster's client certificate (control, TLS 1.1), one from a
 * CA made here and thrown away, and an expired one signed by the cluster's CA when its key is there
 * (a generated PKI has `etcd/ca.key`; a provided one may not). TLS 1.1 is skipped when this machine's
 * TLS client cannot offer it at all.
 */
export async function probeMaterial(spec: ClusterSpec, wallNow: number): Promise<ProbeMaterial> {
  const now = new Date(wallNow);
  const [cert, key] = await Promise.all([
    readFile(spec.pki.apiserverClientCert, 'utf8'),
    readFile(spec.pki.apiserverClientKey, 'utf8'),
  ]);
  const valid: ProbeTls = { cert, key };
  const day = { validityDays: 1, now };
  const [foreignCaKey, foreignClientKey, selfTestKey, expiredKey] = await Promise.all(
    Array.from({ length: 4 }, () => newKey(DEFAULT_KEY_ALGORITHM)),
  );
  const foreignCa = await createCertificateAuthority(foreignCaKey, day);
  const [foreign, selfTestServer] = await Promise.all([
    issueCertificate(foreignCa, foreignClientKey, { commonName: 'etcd-ha-tls-probe', usages: ['clientAuth'] }, day),
    issueCertificate(
      foreignCa,
      selfTestKey,
      { commonName: 'localhost', altNames: { dns: ['localhost'], ips: ['127.0.0.1'] }, usages: ['serverAuth'] },
      day,
    ),
  ]);
  const tls11 = { ...valid, ...TLS_1_1 };
  const cannotOffer = await whyCannotOffer(
    tls11,
    { cert: selfTestServer.certPem, key: selfTestServer.keyPem },
    PROBE_TIMEOUT_MS,
  );
  return {
    control: { tls: valid },
    'no-cert': { tls: {} },
    'other-ca': { tls: { cert: foreign.certPem, key: foreign.keyPem } },
    expired: await expiredCertificate(spec, expiredKey, now).then(
      (expired) => ({ tls: { cert: expired.certPem, key: expired.keyPem } }),
      (error: Error) => ({ skipped: error.message }),
    ),
    plaintext: {},
    'tls-1.1':
      cannotOffer === undefined
        ? { tls: tls11 }
        : {
            skipped: `this machine's TLS client cannot offer TLS 1.1, so nothing was proven about it (${cannotOffer})`,
          },
  };
}

/** A client certificate the cluster's CA signed, valid for a day that ended yesterday; throws saying why it cannot be made. */
async function expiredCertificate(spec: ClusterSpec, key: GeneratedKey, now: Date): Promise<IssuedCertificate> {
  let caKey: string;
  try {
    caKey = await readFile(spec.pki.caKey, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `the PKI has no CA key (${spec.pki.caKey}${code && code !== 'ENOENT' ? `: ${code}` : ''}), as a provided PKI may not: no expired certificate of the cluster's CA could be made`,
    );
  }
  try {
    const ca = await loadCertificateAuthority(await readFile(spec.pki.caCert, 'utf8'), caKey);
    return await issueCertificate(
      ca,
      key,
      { commonName: 'etcd-ha-tls-probe-expired', usages: ['clientAuth'] },
      { validityDays: 1, now: new Date(now.getTime() - 2 * DAY_MS) },
    );
  } catch (error) {
    throw new Error(`no expired certificate of the cluster's CA could be made: ${errorMessage(error)}`);
  }
}

/** Every member's client URL, and its peer URL when known (a cluster given by its endpoints has none). */
export function probedUrls(spec: ClusterSpec): ProbedUrl[] {
  return spec.members.flatMap((member): ProbedUrl[] => [
    { member: member.name, port: 'client', url: member.clientUrl },
    ...(member.peerUrl ? [{ member: member.name, port: 'peer' as const, url: member.peerUrl }] : []),
  ]);
}

const isPlain = (url: string) => url.startsWith('http://');

/**
 * Every probe on one URL, one after another: the control first, then each way in. On an http URL
 * only plaintext is tried (there is no TLS to probe); plaintext there is expected to get through.
 */
export async function probeUrl(
  at: ProbedUrl,
  material: ProbeMaterial,
  key: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeRecord[]> {
  const speaks = at.port === 'client' ? 'grpc' : 'http1';
  const records: ProbeRecord[] = [];
  for (const name of ['control', ...TLS_PROBES] as const) {
    const plainUrl = isPlain(at.url);
    const presents = plainUrl && name === 'control' ? {} : material[name];
    if (plainUrl && name !== 'plaintext' && name !== 'control')
      records.push({ at, probe: name, skipped: `the ${at.port} URL is http: there is no TLS to probe` });
    else if ('skipped' in presents) records.push({ at, probe: name, skipped: presents.skipped });
    else
      records.push({ at, probe: name, end: await probe({ url: at.url, tls: presents.tls, speaks, key, timeoutMs }) });
  }
  return records;
}

const RESULT_WORDS: Record<ProbeVerdict, string> = {
  refused: 'refused',
  through: 'GOT THROUGH',
  unanswered: 'NO ANSWER',
};

/** What the record shows: refused/through/no answer for a probe, served or not for the control, or skipped. */
function resultOf(record: ProbeRecord): string {
  if (!record.end) return 'skipped';
  const verdict = verdictOf(record.end);
  if (record.probe === 'control') return verdict === 'through' ? 'served' : 'NOT SERVED';
  return RESULT_WORDS[verdict];
}

/** The probes as a table: one row per probe, port and outcome, naming the members it was seen on. */
export function probeTable(records: ProbeRecord[]): CheckTable {
  const rows = new Map<string, { cells: [string, string, string, string]; members: string[] }>();
  for (const record of records) {
    const cells: [string, string, string, string] = [
      PROBE_LABELS[record.probe],
      record.at.port,
      record.end ? describeEnd(record.end) : (record.skipped ?? ''),
      resultOf(record),
    ];
    const id = cells.join('\n');
    const row = rows.get(id) ?? { cells, members: [] };
    row.members.push(record.at.member);
    rows.set(id, row);
  }
  return {
    title: 'Probes (client ports: a gRPC Range; peer ports: GET /version)',
    headers: ['PROBE', 'PORT', 'MEMBERS', 'WHAT HAPPENED', 'RESULT'],
    rows: [...rows.values()].map(({ cells: [probe, port, happened, result], members }) => [
      probe,
      port,
      members.join(', '),
      happened,
      result,
    ]),
  };
}

/** Why the probes fail the check: a way in that got through or showed nothing, or a control that was not served. */
export function probeProblems(records: ProbeRecord[]): string[] {
  return records.flatMap((record) => {
    if (!record.end) return [];
    const where = `${record.at.member}'s ${record.at.port} URL ${record.at.url}`;
    const verdict = verdictOf(record.end);
    const happened = describeEnd(record.end);
    if (record.probe === 'control') {
      return verdict === 'through'
        ? []
        : [
            `a client with a valid certificate was not served on ${where} (${happened}), so what it refused proves nothing`,
          ];
    }
    if (verdict === 'through') return [`${PROBE_LABELS[record.probe]} got through on ${where}: ${happened}`];
    if (verdict === 'unanswered')
      return [`${PROBE_LABELS[record.probe]} on ${where} was neither refused nor answered: ${happened}`];
    return [];
  });
}

/** The CIS audit as a table: each item, what it asks, the lint rules that judge it, and where it failed. */
export function cisTable(rows: CisRow[]): CheckTable {
  return {
    title: "CIS Kubernetes Benchmark, etcd (the members' settings as they run, judged by the lint rules)",
    headers: ['CIS', 'REQUIREMENT', 'LINT RULES', 'RESULT'],
    rows: rows.map((row) => [
      row.id,
      row.requirement,
      row.rules.map((rule) => rule.id).join(', '),
      row.findings.length === 0
        ? 'pass'
        : `FAIL (${[...new Set(row.findings.map((finding) => finding.member))].join(', ')})`,
    ]),
  };
}

/** The audit's findings as notes, one per item and message, naming the members it applies to. */
function cisNotes(rows: CisRow[]): string[] {
  return rows.flatMap((row) => {
    const byMessage = new Map<string, string[]>();
    for (const finding of row.findings) {
      const message = `${finding.rule}: ${finding.message}`;
      byMessage.set(message, [...new Set([...(byMessage.get(message) ?? []), finding.member])]);
    }
    return [...byMessage.entries()].map(([message, members]) => `CIS ${row.id} on ${members.join(', ')}: ${message}`);
  });
}

/** The etcd version the members report (the lint rules' defaults follow it); the newest the linter knows if none answers. */
async function reportedVersion(ctx: ReadContext): Promise<string> {
  for (const member of ctx.spec.members) {
    try {
      return (await ctx.client.status(member.clientUrl, { timeoutMs: PROBE_TIMEOUT_MS })).version;
    } catch {
      // the next member may answer
    }
  }
  return '';
}

/** True when the members' settings are known: not so for a cluster given by its endpoints (no peer URLs, no settings). */
const settingsKnown = (spec: ClusterSpec) => spec.members.every((member) => member.peerUrl !== '');

/** `tls`: what mutual TLS promises, tried from outside on every member's client and peer URL, and the CIS items 2.1 to 2.7. */
export const tlsCheck = defineCheck({
  name: 'tls',
  proves:
    "every member's client and peer URL refuse a client without a certificate, one from another CA, an expired one, plaintext and TLS 1.1, while serving a valid certificate; the members' settings meet CIS Kubernetes Benchmark etcd 2.1–2.7",
  byDefault: false,
  stopsMembers: false,
  async run(ctx): Promise<CheckOutcome> {
    const { spec } = ctx;
    const notes: string[] = [];
    const material = await probeMaterial(spec, ctx.clock.wallNow());
    for (const presents of Object.values(material)) if ('skipped' in presents) notes.push(presents.skipped);
    const known = settingsKnown(spec);
    if (!known)
      notes.push('the peer URLs of a cluster given by its endpoints are not known: only the client URLs were probed');

    const urls = probedUrls(spec);
    const records = (await Promise.all(urls.map((at) => probeUrl(at, material, `${ctx.keyPrefix}tls-probe`)))).flat();
    const tried = records.filter((record) => record.probe !== 'control' && record.end);
    const refused = tried.filter((record) => record.end && verdictOf(record.end) === 'refused').length;
    const problems = probeProblems(records);
    const plainUrls = urls.filter((at) => isPlain(at.url));
    if (plainUrls.some((at) => at.port === 'client'))
      problems.unshift(
        `the cluster serves clients over http (${plainUrls
          .filter((at) => at.port === 'client')
          .map((at) => at.url)
          .join(', ')})`,
      );
    const tables = [probeTable(records)];
    const figures: Record<string, number> = { probes: tried.length, refused };

    if (known) {
      const version = parseEtcdVersion(await reportedVersion(ctx));
      const rows = auditCis(
        spec.members.map((member) => ({
          name: member.name,
          source: member.configured?.file ?? `${member.name} (etcd-ha's settings)`,
          settings: memberSettings(spec, member),
        })),
        version,
      );
      tables.push(cisTable(rows));
      notes.push(...cisNotes(rows));
      const cisFailed = rows.filter((row) => row.findings.length > 0).map((row) => row.id);
      figures.cisPassed = rows.length - cisFailed.length;
      figures.cisFailed = cisFailed.length;
      if (cisFailed.length > 0) problems.push(`CIS ${cisFailed.join(', ')} not met (see the notes)`);
    } else {
      notes.push(
        "the settings of a cluster given by its endpoints are not known: the CIS audit was not made (run `etcd-ha lint` on the members' configuration)",
      );
    }

    if (problems.length > 0) {
      const more =
        problems.length > SUMMARY_PROBLEMS ? `; and ${problems.length - SUMMARY_PROBLEMS} more (see the tables)` : '';
      return { status: 'fail', summary: problems.slice(0, SUMMARY_PROBLEMS).join('; ') + more, figures, notes, tables };
    }
    const cis = known ? '; the members meet CIS 2.1–2.7' : '';
    return {
      status: 'pass',
      summary: `all ${tried.length} probes refused on ${urls.length} URLs, a valid certificate served on each${cis}`,
      figures,
      notes,
      tables,
    };
  },
});
