import { create } from 'zustand';
import type { RiskBand, RiskCategory, RiskListInput, RiskSortKey } from '../../../../shared/domain/risk';

/** The register's filter bar; '' means "any". Kept outside the view so it survives a trip elsewhere. */
export interface RiskFilterState {
  search: string;
  category: RiskCategory | '';
  band: RiskBand | '';
  /** '' anyone, 'none' no owner, else a person id. */
  owner: string;
  /** '' all, 'portfolio' portfolio-level only, else an initiative id. */
  scope: string;
  overdueReview: boolean;
  overdueAction: boolean;
  aboveAppetite: boolean;
  includeClosed: boolean;
}

export const EMPTY_RISK_FILTERS: RiskFilterState = {
  search: '',
  category: '',
  band: '',
  owner: '',
  scope: '',
  overdueReview: false,
  overdueAction: false,
  aboveAppetite: false,
  includeClosed: false,
};

export interface RiskSort {
  key: RiskSortKey;
  dir: 'asc' | 'desc';
}

interface RiskFilterStore extends RiskFilterState {
  sort: RiskSort;
  set: <K extends keyof RiskFilterState>(key: K, value: RiskFilterState[K]) => void;
  setSort: (sort: RiskSort) => void;
  /** Clears what narrows the rows; "Include closed" is a view choice and stays. */
  clear: () => void;
}

export const useRiskFilters = create<RiskFilterStore>((set) => ({
  ...EMPTY_RISK_FILTERS,
  sort: { key: 'residualScore', dir: 'desc' },
  set: (key, value) => set({ [key]: value } as Pick<RiskFilterState, typeof key>),
  setSort: (sort) => set({ sort }),
  clear: () => set((s) => ({ ...EMPTY_RISK_FILTERS, includeClosed: s.includeClosed })),
}));

export function activeRiskFilters(f: RiskFilterState): boolean {
  return Boolean(
    f.search.trim() ||
    f.category ||
    f.band ||
    f.owner ||
    f.scope ||
    f.overdueReview ||
    f.overdueAction ||
    f.aboveAppetite,
  );
}

type Filter = NonNullable<NonNullable<RiskListInput>['filter']>;

/** The filter as risk/list takes it. */
export function toListFilter(f: RiskFilterState, search: string): Filter {
  const out: Filter = {};
  if (search.trim()) out.search = search.trim().slice(0, 200);
  if (f.category) out.categories = [f.category];
  if (f.band) out.bands = [f.band];
  if (f.owner === 'none') out.ownerIds = [null];
  else if (f.owner) out.ownerIds = [Number(f.owner)];
  if (f.scope === 'portfolio') out.initiativeId = null;
  else if (f.scope) out.initiativeId = Number(f.scope);
  if (f.overdueReview) out.overdueReview = true;
  if (f.overdueAction) out.overdueAction = true;
  if (f.aboveAppetite) out.aboveAppetite = true;
  if (f.includeClosed) out.includeClosed = true;
  return out;
}
