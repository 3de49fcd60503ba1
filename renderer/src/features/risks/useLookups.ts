import { useMemo } from 'react';
import { unpackTable } from '../../../../shared/domain/portfolio';
import { useQuery } from '../../api/useQuery';

/** People for the owner, approver and action-owner pickers. */
export function usePeople() {
  const people = useQuery('person/list', undefined, ['people']);
  return people.data ?? [];
}

/** Initiatives by name, for the scope picker and filter (archived ones left out). */
export function useInitiativeOptions(enabled = true): { id: number; name: string }[] {
  const table = useQuery('initiative/table', undefined, ['initiatives'], enabled);
  return useMemo(
    () =>
      table.data
        ? unpackTable(table.data)
            .map((r) => ({ id: r.id, name: r.name }))
            .sort((a, b) => a.name.localeCompare(b.name))
        : [],
    [table.data],
  );
}

/** The core's today (its clock's UTC date), which flags, overdue marks and date checks count from. */
export function useRiskToday(): string | undefined {
  const page = useQuery('risk/list', { limit: 1 }, ['risks']);
  return page.data?.asOf;
}
