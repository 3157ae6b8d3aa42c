/**
 * The configurations a linearizability search has tried (which operations are ordered, and the
 * register's value), held in a few typed arrays instead of an object per configuration: an open-
 * addressing table of entry numbers, five numbers per entry, and one pool of bitset words. That keeps
 * an entry at about 30 bytes plus its words, and makes what the set holds a figure it can count and
 * bound: an `add` that would take the set past its byte budget answers `full` and adds nothing.
 */

/** What `add` did: the configuration was new and is now held, was held already, or did not fit in the budget. */
export type VisitedAnswer = 'added' | 'present' | 'full';

/** Numbers per entry in `entries`: hash, state, first word stored, word count, offset in `pool`. */
const STRIDE = 5;
const FIRST_SLOTS = 1 << 10;

export class VisitedSet {
  /** Entry number + 1 per slot, 0 for an empty slot; a power of two long, never more than half full. */
  private slots = new Int32Array(FIRST_SLOTS);
  private entries: Uint32Array = new Uint32Array(FIRST_SLOTS * STRIDE);
  private pool: Uint32Array = new Uint32Array(FIRST_SLOTS * 2);
  private count = 0;
  private used = 0;

  /** `maxBytes`: the most the set's arrays may take together. */
  constructor(readonly maxBytes: number) {}

  /** Bytes the set's arrays take now (what the budget counts). */
  get bytes(): number {
    return this.slots.byteLength + this.entries.byteLength + this.pool.byteLength;
  }

  /** How many configurations the set holds. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds (`hash`, `state`, `ordered`) unless it is held already. `hash` must be the same for equal
   * configurations. The bitset is stored from its first word that is not full to its last that is not
   * empty: a search orders operations roughly in invocation order, so that stays about as small as the
   * operations in flight at once.
   */
  add(hash: number, state: number, ordered: Uint32Array): VisitedAnswer {
    let base = 0;
    while (base < ordered.length && ordered[base] === 0xffffffff) base++;
    let top = ordered.length;
    while (top > base && ordered[top - 1] === 0) top--;
    const length = top - base;
    const key = hash >>> 0;
    const mask = this.slots.length - 1;
    let slot = key & mask;
    for (let taken = this.slots[slot]; taken !== 0; taken = this.slots[slot]) {
      const at = (taken - 1) * STRIDE;
      const entries = this.entries;
      if (
        entries[at] === key &&
        entries[at + 1] === state >>> 0 &&
        entries[at + 2] === base &&
        entries[at + 3] === length
      ) {
        const offset = entries[at + 4];
        let same = true;
        for (let word = 0; word < length; word++) {
          if (this.pool[offset + word] !== ordered[base + word]) {
            same = false;
            break;
          }
        }
        if (same) return 'present';
      }
      slot = (slot + 1) & mask;
    }
    if (!this.reserve(length)) return 'full';
    // The table may have grown: find the free slot again.
    const newMask = this.slots.length - 1;
    slot = key & newMask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & newMask;
    const at = this.count * STRIDE;
    this.entries[at] = key;
    this.entries[at + 1] = state >>> 0;
    this.entries[at + 2] = base;
    this.entries[at + 3] = length;
    this.entries[at + 4] = this.used;
    this.pool.set(ordered.subarray(base, top), this.used);
    this.used += length;
    this.count++;
    this.slots[slot] = this.count;
    return 'added';
  }

  /** Room for one more entry of `words` words, growing the arrays within the budget; false when it does not fit. */
  private reserve(words: number): boolean {
    const needSlots = (this.count + 1) * 2 > this.slots.length;
    const needEntries = (this.count + 1) * STRIDE > this.entries.length;
    const needPool = this.used + words > this.pool.length;
    if (!needSlots && !needEntries && !needPool) return true;
    // Each array doubles, or grows by what the budget leaves when that is less (the table only doubles).
    let slots = this.slots.length;
    let entries = this.entries.length;
    let pool = this.pool.length;
    if (needSlots) slots *= 2;
    const fixed = slots * 4;
    if (needEntries) entries = this.grown(entries, (this.count + 1) * STRIDE, fixed + pool * 4);
    if (needPool) pool = this.grown(pool, this.used + words, fixed + entries * 4);
    if (entries < 0 || pool < 0 || fixed + entries * 4 + pool * 4 > this.maxBytes) return false;
    if (needSlots) this.rehash(slots);
    if (entries !== this.entries.length) this.entries = copyInto(new Uint32Array(entries), this.entries);
    if (pool !== this.pool.length) this.pool = copyInto(new Uint32Array(pool), this.pool);
    return true;
  }

  /** An array's new length: double, or what is left of the budget after `otherBytes`; -1 when even `needed` does not fit. */
  private grown(length: number, needed: number, otherBytes: number): number {
    const room = Math.floor((this.maxBytes - otherBytes) / 4);
    const wanted = Math.max(length * 2, needed);
    if (wanted <= room) return wanted;
    return needed <= room ? room : -1;
  }

  private rehash(length: number): void {
    const slots = new Int32Array(length);
    const mask = length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.entries[entry * STRIDE] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function copyInto(to: Uint32Array, from: Uint32Array): Uint32Array {
  to.set(from);
  return to;
}
