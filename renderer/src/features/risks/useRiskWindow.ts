import { useCallback, useEffect, useRef, useState } from 'react';
import type { RiskListInput, RiskRow } from '../../../../shared/domain/risk';
import { invoke } from '../../api/client';
import { onEvent } from '../../api/events';
import { RISK_TABLES } from './riskFormat';

/** Rows per request: a window the table fills in one round trip, well under the core's 500. */
export const PAGE_SIZE = 200;
/** Pages kept per query; farther ones are dropped and read again if scrolled back to. */
const MAX_PAGES = 24;

type Query = {
  filter: NonNullable<NonNullable<RiskListInput>['filter']>;
  sort: NonNullable<NonNullable<RiskListInput>['sort']>;
};

interface Snapshot {
  /** Bumped by a new query or a change to the risk tables: pages of an older generation are dropped. */
  gen: number;
  total: number | null;
  asOf: string;
  pages: ReadonlyMap<number, RiskRow[]>;
  error: unknown;
}

/**
 * The register's rows, a page at a time through risk/list: only the pages around what the table shows are
 * read, so 100,000 risks cost what 200 do. A new filter or sort (or a change to the risk tables) reads the
 * visible pages again and swaps them in together, so the table never flashes empty between queries.
 */
export function useRiskWindow(query: Query) {
  const key = JSON.stringify(query);
  const [snap, setSnap] = useState<Snapshot>({ gen: 0, total: null, asOf: '', pages: new Map(), error: undefined });
  const gen = useRef(0);
  const pending = useRef(new Set<string>());
  const range = useRef({ start: 0, end: PAGE_SIZE - 1 });
  const queryRef = useRef<Query>(query);

  const read = useCallback((page: number) => {
    const q = queryRef.current;
    return invoke('risk/list', { ...q, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
  }, []);

  /** Reads the pages in view for a new generation and swaps them in at once. */
  const reload = useCallback(() => {
    const mine = ++gen.current;
    pending.current.clear();
    const first = Math.floor(range.current.start / PAGE_SIZE);
    const last = Math.floor(range.current.end / PAGE_SIZE);
    const pages = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    Promise.all(pages.map((p) => read(p).then((res) => [p, res] as const))).then(
      (results) => {
        if (mine !== gen.current) return;
        const map = new Map<number, RiskRow[]>();
        let total = 0;
        let asOf = '';
        for (const [p, res] of results) {
          map.set(p, res.rows);
          total = res.total;
          asOf = res.asOf;
        }
        setSnap({ gen: mine, total, asOf, pages: map, error: undefined });
      },
      (error: unknown) => {
        if (mine === gen.current) setSnap((s) => ({ ...s, error }));
      },
    );
  }, [read]);

  // A new query starts from the top: the caller scrolls there too.
  useEffect(() => {
    queryRef.current = JSON.parse(key) as Query;
    range.current = { start: 0, end: PAGE_SIZE - 1 };
    reload();
  }, [key, reload]);

  useEffect(
    () =>
      onEvent('db/changed', ({ tables }) => {
        if (tables.some((t) => (RISK_TABLES as readonly string[]).includes(t))) reload();
      }),
    [reload],
  );

  /** Called with the rows the table renders: reads any page of them not yet here. */
  const ensure = useCallback(
    (start: number, end: number) => {
      range.current = { start, end };
      if (snap.gen !== gen.current || snap.total === null) return;
      const mine = snap.gen;
      const last = Math.min(Math.floor(end / PAGE_SIZE), Math.floor(Math.max(0, snap.total - 1) / PAGE_SIZE));
      for (let p = Math.floor(start / PAGE_SIZE); p <= last; p++) {
        const id = `${mine}:${p}`;
        if (snap.pages.has(p) || pending.current.has(id)) continue;
        pending.current.add(id);
        read(p).then(
          (res) => {
            pending.current.delete(id);
            if (mine !== gen.current) return;
            setSnap((s) => {
              if (s.gen !== mine) return s;
              const pages = new Map(s.pages);
              pages.set(p, res.rows);
              // Keep the pages nearest to this one.
              if (pages.size > MAX_PAGES) {
                const far = [...pages.keys()].sort((a, b) => Math.abs(b - p) - Math.abs(a - p));
                for (const k of far.slice(0, pages.size - MAX_PAGES)) pages.delete(k);
              }
              return { ...s, total: res.total, asOf: res.asOf, pages };
            });
          },
          (error: unknown) => {
            pending.current.delete(id);
            if (mine === gen.current) setSnap((s) => ({ ...s, error }));
          },
        );
      }
    },
    [snap, read],
  );

  const rowAt = useCallback(
    (index: number): RiskRow | undefined => snap.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [snap.pages],
  );

  return { total: snap.total, asOf: snap.asOf, error: snap.error, rowAt, ensure, reload };
}
