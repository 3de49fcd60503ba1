import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../types';
import { BatchBuilder, dayOf, isoDay, num, parseShape, pollWindow, runDiagnosis, utcDayStart } from './rest-common';
import { z } from 'zod';

const NOV20 = Date.UTC(2026, 10, 20) / 1000;

describe('UTC days', () => {
  it('reads dates, naive timestamps as UTC, and zoned timestamps by their zone', () => {
    expect(dayOf('2026-11-20')).toBe(NOV20);
    expect(dayOf('2026-11-20 23:59:59')).toBe(NOV20);
    expect(dayOf('2026-11-20T00:00:00.000Z')).toBe(NOV20);
    expect(dayOf('2026-11-20T23:30:00-05:00')).toBe(NOV20 + 86_400);
    expect(dayOf('yesterday')).toBeUndefined();
    expect(isoDay(NOV20 + 3600)).toBe('2026-11-20');
    expect(utcDayStart(NOV20 + 86_399)).toBe(NOV20);
  });

  it('backfills 30 days on the first poll, starts at since later, and ends at today', () => {
    const now = NOV20 + 10 * 3600;
    expect(pollWindow({ since: null, now })).toEqual({ from: NOV20 - 30 * 86_400, to: NOV20, cursor: NOV20 });
    expect(pollWindow({ since: NOV20 - 86_400 + 5, now })).toEqual({ from: NOV20 - 86_400, to: NOV20, cursor: NOV20 });
    // A cursor from a clock that ran ahead never makes the window empty.
    expect(pollWindow({ since: NOV20 + 5 * 86_400, now }).from).toBe(NOV20);
  });
});

describe('numbers', () => {
  it('accepts numbers and numeric strings; NaN, Infinity, blanks and others are no data', () => {
    expect([num(1.5), num('2'), num(' 3 '), num(0)]).toEqual([1.5, 2, 3, 0]);
    for (const v of [NaN, Infinity, -Infinity, 'NaN', '+Inf', '', ' ', null, undefined, {}, true])
      expect(num(v)).toBeUndefined();
  });
});

describe('BatchBuilder', () => {
  it('groups by initiative, metric and dims (in any key order), sorts, and keeps the last value per time', () => {
    const b = new BatchBuilder('litellm');
    b.add(1, 'spend_usd', { model: 'a', team: 't' }, 200, 2);
    b.add(1, 'spend_usd', { team: 't', model: 'a' }, 100, '1');
    b.add(1, 'spend_usd', { model: 'a', team: 't' }, 200, 3);
    b.add(1, 'spend_usd', {}, 100, 'NaN');
    b.add(2, 'spend_usd', {}, 100, 5);
    expect(b.build()).toEqual([
      {
        initiativeId: 1,
        metric: 'spend_usd',
        family: 'litellm',
        dims: { model: 'a', team: 't' },
        points: [
          [100, 1],
          [200, 3],
        ],
      },
      { initiativeId: 2, metric: 'spend_usd', family: 'litellm', dims: {}, points: [[100, 5]] },
    ]);
  });
});

describe('parseShape', () => {
  it('names the endpoint and the path of the first mismatch', () => {
    const schema = z.object({ data: z.array(z.object({ v: z.number() })) });
    expect(parseShape(schema, { data: [{ v: 1 }] }, 'GET /x')).toEqual({ data: [{ v: 1 }] });
    try {
      parseShape(schema, { data: [{ v: 1 }, { v: 'x' }] }, 'GET /x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConnectorError);
      expect((e as ConnectorError).stage).toBe('shape');
      expect((e as ConnectorError).message).toContain('GET /x');
      expect((e as ConnectorError).message).toContain('data.1.v');
    }
  });
});

describe('runDiagnosis', () => {
  it('stops at the first failure, keeps what was found, and turns a stray exception into a failed check', async () => {
    let version: string | undefined;
    const ran: string[] = [];
    const d = await runDiagnosis(
      [
        { name: 'one', run: () => ((version = '1.2'), ran.push('one'), Promise.resolve('fine')) },
        () => null,
        { name: 'two', run: () => Promise.reject(new ConnectorError('rate_limited', 'slow down', 429, 30)) },
        { name: 'three', run: () => (ran.push('three'), Promise.resolve('never')) },
      ],
      () => ({ version }),
      () => 'ok',
    );
    expect(d).toMatchObject({ ok: false, stage: 'rate_limited', httpStatus: 429, retryAfterSec: 30, version: '1.2' });
    expect(d.checks).toEqual([
      { name: 'one', ok: true, detail: 'fine' },
      { name: 'two', ok: false, detail: 'slow down' },
    ]);
    expect(ran).toEqual(['one']);

    const stray = await runDiagnosis(
      [{ name: 'boom', run: () => Promise.reject(new TypeError('x')) }],
      () => ({}),
      () => 'ok',
    );
    expect(stray).toMatchObject({ ok: false, stage: 'network' });

    const ok = await runDiagnosis(
      [{ name: 'a', run: () => Promise.resolve('y') }],
      () => ({ samples: [] }),
      () => 'all good',
    );
    expect(ok).toMatchObject({ ok: true, stage: 'ok', message: 'all good' });
    expect(ok.samples).toBeUndefined();
  });
});
