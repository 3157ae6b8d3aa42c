import { VisitedSet } from './visited-set.js';

describe('VisitedSet', () => {
  it('holds each configuration once: the same set and value is present, another set or value is new', () => {
    const visited = new VisitedSet(1 << 20);
    const ordered = new Uint32Array([0xffffffff, 0b101, 0]);
    expect(visited.add(7, 1, ordered)).toBe('added');
    expect(visited.add(7, 1, ordered)).toBe('present');
    expect(visited.add(7, 2, ordered)).toBe('added');
    expect(visited.add(7, 1, new Uint32Array([0xffffffff, 0b111, 0]))).toBe('added');
    expect(visited.add(7, 1, new Uint32Array([0xffffffff, 0b101, 1]))).toBe('added');
    expect(visited.size).toBe(4);
  });

  it('grows as configurations come, never past its budget, and answers full when one would take it past', () => {
    const budget = 256 * 1024;
    const visited = new VisitedSet(budget);
    const ordered = new Uint32Array(8);
    let added = 0;
    let answer = 'added';
    for (let i = 0; answer === 'added'; i++) {
      ordered[3] = i;
      ordered[5] = i * 7;
      answer = visited.add(Math.imul(i, 0x9e3779b1), i & 3, ordered);
      if (answer === 'added') added++;
      expect(visited.bytes).toBeLessThanOrEqual(budget);
    }
    expect(answer).toBe('full');
    expect(added).toBe(visited.size);
    // What it holds stays found, full or not.
    ordered[3] = 5;
    ordered[5] = 35;
    expect(visited.add(Math.imul(5, 0x9e3779b1), 5 & 3, ordered)).toBe('present');
    // The arrays use most of the budget before it is full.
    expect(visited.bytes).toBeGreaterThan(budget / 2);
  });
});
