import { describe, expect, it } from 'vitest';
import {
  checkRedirectUri,
  chooseRefundAccount,
  intuitRegistrationHelp,
  openInBrowser,
} from '../../scripts/lib/demo-sandbox';

describe('demo with sandbox keys: the redirect URI check', () => {
  it('accepts the default local callback on the API port', () => {
    expect(checkRedirectUri('http://localhost:3000/api/v1/qbo/callback', 3000)).toEqual({ ok: true });
    expect(checkRedirectUri('http://127.0.0.1:4000/api/v1/qbo/callback', 4000)).toEqual({ ok: true });
    expect(checkRedirectUri('http://localhost/api/v1/qbo/callback', 80)).toEqual({ ok: true });
  });

  const problem = (uri: string, port: number) => {
    const check = checkRedirectUri(uri, port);
    return check.ok ? null : check.problem;
  };

  it('refuses a local URI the API does not answer: another port, https, another path', () => {
    expect(problem('http://localhost:3001/api/v1/qbo/callback', 3000)).toMatch(/port 3001 .* PORT=3000/);
    expect(problem('https://localhost:3000/api/v1/qbo/callback', 3000)).toContain('plain HTTP');
    expect(problem('http://localhost:3000/callback', 3000)).toContain('must end in /api/v1/qbo/callback');
  });

  it('lets a public (tunnel) URI through with what it must forward to', () => {
    const check = checkRedirectUri('https://qbo-demo.example.com/api/v1/qbo/callback', 3000);
    expect(check.ok).toBe(true);
    expect(check.ok && check.note).toContain('http://localhost:3000/api/v1/qbo/callback');
  });

  it('tells what to register at Intuit', () => {
    const help = intuitRegistrationHelp('http://localhost:3000/api/v1/qbo/callback', 3000);
    expect(help).toContain('Redirect URIs');
    expect(help).toContain('        http://localhost:3000/api/v1/qbo/callback');
  });
});

describe('demo with sandbox keys: the refund account', () => {
  const account = (id: string, name: string, type: string, subType: string | null = null) => ({
    id,
    name,
    type,
    subType,
  });

  it('prefers the Bank account "Checking", then a checking Bank account, then any Bank, then any', () => {
    const savings = account('1', 'Savings', 'Bank', 'Savings');
    const otherAsset = account('2', 'Undeposited Funds', 'Other Current Asset');
    const business = account('3', 'Business Checking', 'Bank', 'Checking');
    const checking = account('4', 'Checking', 'Bank', 'Checking');
    expect(chooseRefundAccount([otherAsset, savings, business, checking])).toBe(checking);
    expect(chooseRefundAccount([otherAsset, savings, business])).toBe(business);
    expect(chooseRefundAccount([otherAsset, savings])).toBe(savings);
    expect(chooseRefundAccount([otherAsset])).toBe(otherAsset);
    expect(chooseRefundAccount([])).toBeUndefined();
  });
});

describe('demo with sandbox keys: opening the browser', () => {
  it('does not try without a graphical session on Linux', async () => {
    await expect(openInBrowser('http://localhost:3000/', {}, 'linux')).resolves.toBeNull();
  });
});
