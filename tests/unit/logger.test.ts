import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type LogLevel, REDACTED, REDACTED_KEYS } from '../../config/logger';

type Line = Record<string, unknown>;

function capture(level: LogLevel = 'trace', name = 'test') {
  const raw: string[] = [];
  const log = createLogger(name, level, (line) => raw.push(line));
  const lines = (): Line[] => raw.map((line) => JSON.parse(line) as Line);
  return { log, raw, lines };
}

const listedKeys = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'apiToken',
  'hookSecret',
  'secret',
  'password',
  'authorization',
  'signature',
] as const;

/** Makes `process.stdout.isTTY` read `value` until the test ends. */
function stdoutIsTTY(value: boolean) {
  const before = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value, configurable: true, writable: true });
  restore.push(() => {
    if (before) Object.defineProperty(process.stdout, 'isTTY', before);
    else Reflect.deleteProperty(process.stdout, 'isTTY');
  });
}
const restore: (() => void)[] = [];

describe('createLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    for (const undo of restore.splice(0)) undo();
  });

  it('writes one JSON line per entry: level label, ISO time, process, msg, then the fields', () => {
    const { log, raw, lines } = capture('info', 'api');
    log.info('hook accepted', { tenantId: 't1', queued: 3 });
    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toMatch(/\n/);
    const [line] = lines();
    expect(Object.keys(line ?? {})).toEqual(['level', 'time', 'process', 'tenantId', 'queued', 'msg']);
    expect(line).toMatchObject({
      level: 'info',
      process: 'api',
      msg: 'hook accepted',
      tenantId: 't1',
      queued: 3,
    });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('writes a message without fields, and every level by its label', () => {
    const { log, lines } = capture('trace');
    log.trace('a');
    log.debug('b');
    log.info('c');
    log.warn('d');
    log.error('e', {});
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      ['trace', 'a'],
      ['debug', 'b'],
      ['info', 'c'],
      ['warn', 'd'],
      ['error', 'e'],
    ]);
  });

  it('drops entries below its level, and defaults to info', () => {
    const warn = capture('warn');
    for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) warn.log[level](level);
    expect(warn.lines().map((l) => l.msg)).toEqual(['warn', 'error']);

    const raw: string[] = [];
    const byDefault = createLogger('test', undefined, (line) => raw.push(line));
    byDefault.debug('hidden');
    byDefault.info('shown');
    expect(raw.map((line) => (JSON.parse(line) as Line).msg)).toEqual(['shown']);
  });

  it('child loggers carry their bindings on every line, nest, and keep the level', () => {
    const { log, lines } = capture('info');
    const tenant = log.child({ tenantId: 't1' });
    const activity = tenant.child({ workflowId: 'wf-1', activityId: 'a-7' });
    tenant.info('one');
    activity.warn('two', { attempt: 2 });
    activity.debug('filtered');
    log.info('three');
    expect(lines()).toMatchObject([
      { msg: 'one', tenantId: 't1', process: 'test' },
      { msg: 'two', tenantId: 't1', workflowId: 'wf-1', activityId: 'a-7', attempt: 2, level: 'warn' },
      { msg: 'three' },
    ]);
    expect(lines()[2]).not.toHaveProperty('tenantId');
  });

  it('redacts every listed key at the top level', () => {
    const { log, raw, lines } = capture();
    for (const key of listedKeys) log.info(key, { [key]: `leak-${key}`, kept: key });
    expect(raw.join('\n')).not.toContain('leak-');
    for (const [index, key] of listedKeys.entries()) {
      expect(lines()[index]).toMatchObject({ [key]: REDACTED, kept: key });
    }
    expect(REDACTED).toBe('[redacted]');
    expect(REDACTED_KEYS).toEqual(expect.arrayContaining([...listedKeys]));
  });

  it('redacts every listed key one object down, and authorization/signature headers', () => {
    const { log, raw, lines } = capture();
    for (const key of listedKeys) log.info(key, { token: { [key]: `leak-${key}`, realmId: 'r1' } });
    log.info('headers', {
      headers: { authorization: 'Bearer leak-h', 'x-bpro-signature': 't=1,v1=leak-s', accept: 'json' },
      request: { headers: { authorization: 'Basic leak-r' } },
    });
    expect(raw.join('\n')).not.toContain('leak-');
    for (const [index, key] of listedKeys.entries()) {
      expect(lines()[index]).toMatchObject({ token: { [key]: REDACTED, realmId: 'r1' } });
    }
    expect(lines().at(-1)).toMatchObject({
      headers: { authorization: REDACTED, 'x-bpro-signature': REDACTED, accept: 'json' },
      request: { headers: { authorization: REDACTED } },
    });
  });

  it('redacts child bindings too, and leaves the caller’s objects untouched', () => {
    const { log, raw, lines } = capture();
    const fields = { nested: { clientSecret: 'leak-c' } };
    log.child({ tenantId: 't1', hookSecret: 'leak-b' }).info('x', fields);
    expect(raw.join('\n')).not.toContain('leak-');
    expect(lines()[0]).toMatchObject({
      tenantId: 't1',
      hookSecret: REDACTED,
      nested: { clientSecret: REDACTED },
    });
    expect(fields.nested.clientSecret).toBe('leak-c');
  });

  it('writes an Error field as one line with its type, message and stack, cause included', () => {
    const { log, raw, lines } = capture();
    const error = new TypeError('first line\nsecond line', { cause: new Error('underneath') });
    log.error('failed', { error, other: new Error('x'), tenantId: 't1' });
    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toMatch(/\n/);
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'error',
      tenantId: 't1',
      error: { type: 'TypeError', message: 'first line\nsecond line: underneath' },
      other: { type: 'Error', message: 'x' },
    });
    const stack = String((line?.error as Line).stack);
    expect(stack.startsWith(String(error.stack))).toBe(true);
    expect(stack).toContain('\ncaused by: Error: underneath\n    at ');
  });

  it('keeps a multi-line message on one line', () => {
    const { log, raw, lines } = capture();
    log.warn('a\nb');
    expect(raw).toHaveLength(1);
    expect(lines()[0]?.msg).toBe('a\nb');
  });

  it('renames fields that would clash with the line’s own keys', () => {
    const { log, lines } = capture();
    log.info('real', { level: 'fake', time: 0, msg: 'fake', process: 'fake' });
    expect(lines()[0]).toMatchObject({
      level: 'info',
      msg: 'real',
      process: 'test',
      _level: 'fake',
      _time: 0,
      _msg: 'fake',
      _process: 'fake',
    });
  });

  it('writes JSON lines to stdout when it is not a terminal', () => {
    stdoutIsTTY(false);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    createLogger('worker', 'info').info('started', { password: 'leak-p' });
    expect(write).toHaveBeenCalledTimes(1);
    const out = String(write.mock.calls[0]?.[0]);
    expect(out.endsWith('}\n')).toBe(true);
    expect(JSON.parse(out)).toMatchObject({
      level: 'info',
      process: 'worker',
      msg: 'started',
      password: REDACTED,
    });
  });

  it('pretty-prints on a terminal, still redacted, and never when a sink is given', () => {
    stdoutIsTTY(true);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    createLogger('worker', 'info').info('started', { tenantId: 't1', apiToken: 'leak-t' });
    expect(write).toHaveBeenCalledTimes(1);
    const out = String(write.mock.calls[0]?.[0]);
    expect(() => JSON.parse(out) as unknown).toThrow();
    expect(out).toContain('worker: started');
    expect(out).toContain('t1');
    expect(out).not.toContain('leak-t');

    const { log, lines } = capture();
    log.info('to the sink');
    expect(lines()[0]).toMatchObject({ msg: 'to the sink' });
    expect(write).toHaveBeenCalledTimes(1);
  });
});
