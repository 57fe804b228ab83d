// Which QBO refusals block the whole company (activities/sync/company-gate.ts); the block, probe
// and resume themselves run end to end in tests/integration/quickbooks-side.test.ts.
import { describe, expect, it } from 'vitest';
import { QboError } from '../../../activities/qbo/errors';
import { companyBlock, throttledTooLong } from '../../../activities/sync/company-gate';

const throttled = new QboError({ type: 'throttled', status: 429, code: '3001', message: 'ThrottleExceeded' });

describe('the company gate', () => {
  it('a 429 blocks the company only when it keeps coming back past the limit (monthly quota, another app)', () => {
    const first = { attempt: 1, scheduledTimestampMs: 0 };
    const retry = { attempt: 4, scheduledTimestampMs: 0 };
    expect(throttledTooLong(throttled, first, 600_000, 700_000)).toBe(false);
    expect(throttledTooLong(throttled, retry, 600_000, 500_000)).toBe(false);
    expect(throttledTooLong(throttled, retry, 600_000, 700_000)).toBe(true);
    const network = new QboError({ type: 'network', message: 'reset' });
    expect(throttledTooLong(network, retry, 600_000, 700_000)).toBe(false);
  });
  it('says in plain words why the company is blocked and what to do', () => {
    expect(companyBlock(throttled)).toMatchObject({ kind: 'throttled' });
    expect(companyBlock(throttled).reason).toMatch(/monthly read quota/);
    const lapsed = new QboError({
      type: 'company_unavailable',
      status: 400,
      code: '6190',
      message: 'Invalid Company Status',
    });
    expect(companyBlock(lapsed)).toMatchObject({ kind: 'subscription' });
    const reset = new QboError({
      type: 'company_unavailable',
      status: 400,
      code: '10200',
      message: 'Company Reset',
    });
    expect(companyBlock(reset).reason).toMatch(/Disconnect it and connect it again/);
  });
});
