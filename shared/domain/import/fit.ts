import { headerMatches, normaliseHeader } from './normalise';
import type { ColumnRule, ImportField, ProfileFit, ProfileInfo } from './types';

/** One rule with the sheet columns its headers found, in the rule's header order. */
export interface ResolvedRule {
  field: ImportField;
  /** Sheet column indices (0-based) and their headers as the sheet spells them. */
  columns: { index: number; header: string }[];
}

/**
 * Finds each rule header's column: an exact normalised match first (anywhere in the sheet), else the first
 * column whose header it prefixes (see headerMatches). With duplicate headers the first column wins, as the
 * reader renames the others "Name (2)".
 */
export function resolveRules(rules: readonly ColumnRule[], headers: readonly string[]): ResolvedRule[] {
  const keys = headers.map(normaliseHeader);
  return rules.map((rule) => {
    const columns: { index: number; header: string }[] = [];
    for (const h of rule.headers) {
      const rk = normaliseHeader(h);
      let index = keys.indexOf(rk);
      if (index < 0) index = keys.findIndex((k) => headerMatches(rk, k));
      if (index >= 0 && !columns.some((c) => c.index === index)) {
        columns.push({ index, header: headers[index] ?? '' });
      }
    }
    return { field: rule.field, columns };
  });
}

/** Rules that must match, and how much of the rest, before a profile may import a sheet at all. */
const MIN_MATCHED_RULES = 3;
const MIN_MATCHED_SHARE = 0.6;

/**
 * Scores one profile against a sheet's headers. The score is the share of rules matched with `name` counting
 * double, so a profile that finds everything but the name ranks below one that finds the name. Usable needs the
 * name and either three matched rules or 60% of the profile's rules: "Name, Age, City" matches only Flightdeck's
 * `name` and is refused, not guessed.
 */
export function fitProfile(profile: ProfileInfo, headers: readonly string[]): ProfileFit {
  const resolved = resolveRules(profile.columns, headers);
  const read = new Set<number>();
  let weight = 0;
  let got = 0;
  let matchedRules = 0;
  const missing: ImportField[] = [];
  let hasName = false;
  for (const r of resolved) {
    const w = r.field === 'name' ? 2 : 1;
    weight += w;
    if (r.columns.length > 0) {
      got += w;
      matchedRules++;
      if (r.field === 'name') hasName = true;
      for (const c of r.columns) read.add(c.index);
    } else if (!missing.includes(r.field)) {
      missing.push(r.field);
    }
  }
  if (!profile.columns.some((c) => c.field === 'name') && !missing.includes('name')) missing.unshift('name');
  const matched: string[] = [];
  const unmatched: string[] = [];
  headers.forEach((h, i) => (read.has(i) ? matched : unmatched).push(h));
  const share = resolved.length > 0 ? matchedRules / resolved.length : 0;
  return {
    profileId: profile.id,
    profileName: profile.name,
    score: weight > 0 ? Math.round((got / weight) * 1000) / 1000 : 0,
    matched,
    unmatched,
    missing,
    usable: hasName && (matchedRules >= MIN_MATCHED_RULES || share >= MIN_MATCHED_SHARE),
  };
}

/** Every profile's fit, best first: usable ones, then by score; on equal terms saved profiles before built-ins. */
export function fitProfiles(profiles: readonly ProfileInfo[], headers: readonly string[]): ProfileFit[] {
  const fits = profiles.map((p, order) => ({ fit: fitProfile(p, headers), builtIn: p.builtIn, order }));
  fits.sort(
    (a, b) =>
      Number(b.fit.usable) - Number(a.fit.usable) ||
      b.fit.score - a.fit.score ||
      Number(a.builtIn) - Number(b.builtIn) ||
      a.order - b.order,
  );
  return fits.map((f) => f.fit);
}
