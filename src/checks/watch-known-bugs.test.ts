import { knownWatchBug, knownWatchBugText } from './watch-known-bugs.js';

describe('watch bugs etcd fixed in patch releases', () => {
  it('names the release that fixed a violation on an older release of its minor line', () => {
    const bug = knownWatchBug('bookmarkable', '3.4.23');
    expect(bug?.fixedIn['3.4']).toBe('3.4.25');
    expect(knownWatchBugText(bug!, '3.4.23')).toBe(
      'etcd 3.4.23 has a known bug that breaks it, fixed in 3.4.25 (requested watcher progress notifications are not synchronised with the stream; etcd-io/etcd#15697 (3.4), #15695 (3.5))',
    );
    expect(knownWatchBug('resumable', '3.4.23', 'DELETE "k" at revision 9 first')?.fixedIn['3.4']).toBe('3.4.34');
    expect(knownWatchBug('reliable', '3.4.23', 'DELETE "k" at revision 9 (the txn …)')?.fixedIn['3.4']).toBe('3.4.34');
    expect(knownWatchBug('resumable', '3.5.15', 'DELETE "k" at revision 9 first')?.fixedIn['3.5']).toBe('3.5.16');
  });

  it('names none on the release with the fix or later, on another minor line, or for another guarantee', () => {
    expect(knownWatchBug('bookmarkable', '3.4.25')).toBeUndefined();
    expect(knownWatchBug('resumable', '3.5.16', 'DELETE "k"')).toBeUndefined();
    expect(knownWatchBug('resumable', '3.5.30', 'DELETE "k"')).toBeUndefined();
    expect(knownWatchBug('bookmarkable', '3.6.0')).toBeUndefined();
    expect(knownWatchBug('unique', '3.4.23')).toBeUndefined();
    // A missing PUT is not the lost tombstone.
    expect(knownWatchBug('reliable', '3.4.23', 'PUT "k" = "1" at revision 9')).toBeUndefined();
    expect(knownWatchBug('bookmarkable', undefined)).toBeUndefined();
  });
});
