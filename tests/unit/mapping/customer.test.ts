import { describe, expect, it } from 'vitest';
import {
  customerBody,
  jobBody,
  MappingError,
  matchCustomer,
  sparseUpdateBody,
  type CustomerBody,
  type CustomerContext,
  type CustomerInput,
} from '../../../activities/mapping';
import { loadFixture } from './fixtures';

type Case = { name: string; input: CustomerInput; context: CustomerContext; expected: CustomerBody };

describe('customerBody (golden fixtures)', () => {
  it.each(loadFixture<Case[]>('customers').map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(customerBody(c.input, c.context)).toEqual(c.expected);
  });
});

const job: CustomerInput = {
  id: 'cus-00081',
  parentId: 'cus-00001',
  displayName: 'Smith Wedding 2026',
  companyName: null,
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  addressLine1: null,
  city: null,
  region: null,
  postalCode: null,
  country: null,
  isActive: true,
};

describe('jobs', () => {
  it('a job without its parent in QBO is a missing dependency', () => {
    expect(() => customerBody(job)).toThrow(MappingError);
    try {
      customerBody(job);
    } catch (error) {
      expect((error as MappingError).code).toBe('missing_dependency');
    }
  });
  it('jobBody bills the parent when asked', () => {
    expect(jobBody(job, { parentQboId: '58', billWithParent: true })).toMatchObject({
      Job: true,
      ParentRef: { value: '58' },
      BillWithParent: true,
    });
  });
  it('jobBody refuses a top-level customer', () => {
    expect(() => jobBody({ ...job, parentId: null }, { parentQboId: '58' })).toThrow(/not a job/);
  });
});

describe('customer updates', () => {
  it('nothing to send when QBO already matches (QBO adds names to refs and other fields)', () => {
    const body = customerBody(job, { parentQboId: '58' });
    const existing = {
      ...body,
      Id: '70',
      SyncToken: '2',
      ParentRef: { value: '58', name: 'Smith' },
      FullyQualifiedName: 'Smith:Smith Wedding 2026',
      Balance: 0,
    };
    expect(sparseUpdateBody(existing, body)).toBeUndefined();
  });
  it('only the changed fields, with Id, SyncToken and sparse', () => {
    const body = customerBody(job, { parentQboId: '58' });
    const existing = { ...body, Id: '70', SyncToken: '2', Active: false };
    expect(sparseUpdateBody(existing, body, ['DisplayName'])).toEqual({
      Id: '70',
      SyncToken: '2',
      sparse: true,
      Active: true,
      DisplayName: 'Smith Wedding 2026',
    });
  });
});

describe('matchCustomer', () => {
  const qbo = [
    { Id: '58', DisplayName: 'Acme Rentals' },
    { Id: '70', DisplayName: 'Smith Wedding 2026', ParentRef: { value: '58' } },
  ];
  it('links the same name (case and spacing aside)', () => {
    expect(matchCustomer(qbo, 'ACME  Rentals')?.Id).toBe('58');
  });
  it('not when already linked to another BPro customer', () => {
    expect(matchCustomer(qbo, 'ACME Rentals', { excludeIds: new Set(['58']) })).toBeUndefined();
  });
  it('a job only under its parent, a customer only at the top level', () => {
    expect(matchCustomer(qbo, 'Smith Wedding 2026', { parentQboId: '58' })?.Id).toBe('70');
    expect(matchCustomer(qbo, 'Smith Wedding 2026')).toBeUndefined();
    expect(matchCustomer(qbo, 'Acme Rentals', { parentQboId: '99' })).toBeUndefined();
  });
});
