import { READER_RULE_IDS, READER_RULES } from './reader-rules.js';

describe("the readers' rules", () => {
  it('describes every rule ID the readers report, once', () => {
    expect(READER_RULES.map((rule) => rule.id).sort()).toEqual(Object.values(READER_RULE_IDS).sort());
    for (const rule of READER_RULES) expect(rule.id).toMatch(/^ETCD-[A-Z-]+$/);
  });
});
