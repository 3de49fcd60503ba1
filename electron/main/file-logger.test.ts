import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_LOG_BYTES, createFileLogger, redact, redactText } from './file-logger';

describe('redact', () => {
  it('blanks secret-looking keys at any depth', () => {
    expect(
      redact({ url: 'https://x', apiKey: 'sk-123', nested: { Authorization: 'Bearer abc', password: 'p' } }),
    ).toEqual({
      url: 'https://x',
      apiKey: '[redacted]',
      nested: { Authorization: '[redacted]', password: '[redacted]' },
    });
  });
  it('blanks bearer tokens and key=value secrets inside text', () => {
    expect(redactText('failed: Authorization: Bearer abcdefghijkl123 sent')).toBe(
      'failed: Authorization: Bearer [redacted] sent',
    );
    expect(redactText('GET /q?api_key=SECRET123&x=1')).toBe('GET /q?api_key=[redacted]&x=1');
    expect(redactText('token: zzz')).toBe('token: [redacted]');
  });
  it('cuts long strings and deep nesting, and keeps errors to name + message', () => {
    expect((redact('a'.repeat(5000)) as string).length).toBe(2001);
    expect(redact({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({ a: { b: { c: { d: '[…]' } } } });
    expect(redact(new TypeError('boom'))).toEqual({ name: 'TypeError', message: 'boom' });
  });
});

describe('createFileLogger', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('writes one JSON line per call into a folder it creates', () => {
    dir = mkdtempSync(join(tmpdir(), 'fd-log-'));
    const logger = createFileLogger({ dir: join(dir, 'logs'), now: () => new Date('2026-01-02T03:04:05Z') });
    logger.info('started', { version: '1.0.0' });
    logger.error('ipc failed', { token: 'abc', channel: 'initiative/list' });
    const lines = readFileSync(logger.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { t: '2026-01-02T03:04:05.000Z', level: 'info', msg: 'started', fields: { version: '1.0.0' } },
      {
        t: '2026-01-02T03:04:05.000Z',
        level: 'error',
        msg: 'ipc failed',
        fields: { token: '[redacted]', channel: 'initiative/list' },
      },
    ]);
  });

  it('rotates once the file passes the size cap', () => {
    dir = mkdtempSync(join(tmpdir(), 'fd-log-'));
    const logger = createFileLogger({ dir });
    writeFileSync(logger.file, 'x'.repeat(MAX_LOG_BYTES + 1));
    logger.warn('after rotation');
    expect(existsSync(`${logger.file}.1`)).toBe(true);
    expect(readFileSync(logger.file, 'utf8')).toContain('after rotation');
  });

  it('swallows write failures', () => {
    dir = mkdtempSync(join(tmpdir(), 'fd-log-'));
    const blocker = join(dir, 'file-not-dir');
    writeFileSync(blocker, '');
    const logger = createFileLogger({ dir: join(blocker, 'logs') });
    expect(() => logger.error('lost')).not.toThrow();
  });
});
