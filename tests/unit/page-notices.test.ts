// The management page's notices after an action, with the counts the redirect carries.
import { describe, expect, it } from 'vitest';
import { noticeFor } from '../../api/pages/notices';

describe('page notices', () => {
  it('words the counts, and shows nothing for an unknown action', () => {
    expect(noticeFor('rerun-failed', 1)).toBe(
      'Re-run requested for 1 failed record. The log shows the results in a moment.',
    );
    expect(noticeFor('rerun-failed', 12)).toContain('Re-run requested for 12 failed records.');
    expect(noticeFor('saved', undefined)).toBe('Options saved.');
    expect(noticeFor('saved', 0)).toBe('Options saved.');
    expect(noticeFor('saved', 3)).toBe(
      'Options saved. 3 payments with the newly checked payment methods were queued for sync.',
    );
    expect(noticeFor('saved', 1)).toContain('1 payment with the newly checked payment methods was queued');
    expect(noticeFor('rerun', undefined)).toContain('Re-run requested');
    for (const done of ['nope', 'toString', '__proto__', undefined]) expect(noticeFor(done, 1)).toBeNull();
  });
});
