import { describe, expect, it } from 'vitest';
import { PriorityWaitQueue, type Priority } from '../../activities/qbo/rate-queue';

type W = { priority: Priority; name: string };
const w = (priority: Priority, name: string): W => ({ priority, name });

describe('the limiter’s in-process queue (rate-queue.ts)', () => {
  it('serves hooks before bulk, each class first come first served', () => {
    const q = new PriorityWaitQueue<W>();
    for (const x of [w('bulk', 'b1'), w('bulk', 'b2'), w('hook', 'h1'), w('bulk', 'b3'), w('hook', 'h2')])
      q.push(x);
    expect(q.size).toBe(5);
    const order: string[] = [];
    for (let x = q.shift(); x; x = q.shift()) order.push(x.name);
    expect(order).toEqual(['h1', 'h2', 'b1', 'b2', 'b3']);
    expect(q.peek()).toBeUndefined();
  });

  it('a hook arriving later jumps the bulk callers already waiting', () => {
    const q = new PriorityWaitQueue<W>();
    q.push(w('bulk', 'b1'));
    expect(q.peek()?.name).toBe('b1');
    const hook = w('hook', 'h1');
    q.push(hook);
    expect(q.peek()).toBe(hook);
  });

  it('counts who is ahead, removes a waiter whose time ran out, and says who would go first', () => {
    const q = new PriorityWaitQueue<W>();
    const b1 = w('bulk', 'b1');
    const b2 = w('bulk', 'b2');
    const h1 = w('hook', 'h1');
    q.push(b1);
    q.push(b2);
    expect(q.servesFirst('hook')).toBe(false);
    expect(q.servesFirst('bulk')).toBe(true);
    q.push(h1);
    expect(q.servesFirst('hook')).toBe(true);
    expect([q.ahead(h1), q.ahead(b1), q.ahead(b2)]).toEqual([0, 1, 2]);
    expect(q.remove(b1)).toBe(true);
    expect(q.remove(b1)).toBe(false);
    expect(q.ahead(b1)).toBe(-1);
    expect(q.ahead(b2)).toBe(1);
    expect(q.size).toBe(2);
  });

  it('promotes the bulk callers of a wanted record behind the hooks already waiting', () => {
    const q = new PriorityWaitQueue<W>();
    for (const x of [w('bulk', 'b1'), w('bulk', 'wanted-1'), w('hook', 'h1'), w('bulk', 'wanted-2')])
      q.push(x);
    expect(q.promote((x) => x.name.startsWith('nobody'))).toBe(false);
    expect(q.promote((x) => x.name.startsWith('wanted'))).toBe(true);
    expect(q.ahead(q.peek() as W)).toBe(0);
    const order: string[] = [];
    for (let x = q.shift(); x; x = q.shift()) order.push(`${x.name}:${x.priority}`);
    expect(order).toEqual(['h1:hook', 'wanted-1:hook', 'wanted-2:hook', 'b1:bulk']);
  });
});
