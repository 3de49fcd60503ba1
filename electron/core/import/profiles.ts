import { BUILT_IN_PROFILES, fitProfiles, suggestProfile } from '../../../shared/domain/import';
import type { MappingProfile, ProfileFit, ProfileInfo } from '../../../shared/domain/import/types';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/sqlite';
import { listSavedProfiles } from '../repositories/importProfiles.repo';

/** Saved profiles first (the user's own beat a built-in on a tie), then the built-in ones. */
export function allProfiles(db: Db | null): ProfileInfo[] {
  return [...(db ? listSavedProfiles(db) : []), ...BUILT_IN_PROFILES];
}

/** A profile by id ('builtin:…', 'saved:N') or by name, case-insensitive; null when none has it. */
export function findProfile(profiles: readonly ProfileInfo[], idOrName: string): ProfileInfo | null {
  const wanted = idOrName.trim();
  const byId = profiles.find((p) => p.id === wanted);
  if (byId) return byId;
  const lower = wanted.toLocaleLowerCase('en');
  return profiles.find((p) => p.name.toLocaleLowerCase('en') === lower) ?? null;
}

export interface ProfileChoice {
  profileId: string | null;
  profile: MappingProfile;
  fits: ProfileFit[];
  /** False when nothing was chosen and no profile fits: `profile` is then only a suggestion. */
  fitted: boolean;
}

/**
 * Which mapping applies: the listed profile asked for, else an edited one, else the best usable fit. With no
 * usable fit the header-similarity suggestion is returned as `fitted: false`, for the wizard to show and the
 * user to confirm; running it needs the user to send it back as an explicit `profile`.
 */
export function chooseProfile(
  profiles: readonly ProfileInfo[],
  headers: readonly string[],
  selection: { profileId?: string | undefined; profile?: MappingProfile | undefined },
): ProfileChoice {
  const fits = fitProfiles([...profiles], [...headers]);
  if (selection.profileId !== undefined) {
    const p = profiles.find((x) => x.id === selection.profileId);
    if (!p) throw new AppError('NOT_FOUND', `Import profile ${selection.profileId} does not exist (any more).`);
    return { profileId: p.id, profile: stripInfo(p), fits, fitted: true };
  }
  if (selection.profile !== undefined) return { profileId: null, profile: selection.profile, fits, fitted: true };
  const best = fits.find((f) => f.usable);
  const p = best ? profiles.find((x) => x.id === best.profileId) : undefined;
  if (p) return { profileId: p.id, profile: stripInfo(p), fits, fitted: true };
  return { profileId: null, profile: suggestProfile([...headers]), fits, fitted: false };
}

function stripInfo(p: ProfileInfo): MappingProfile {
  const { id: _id, builtIn: _b, ...profile } = p;
  return profile;
}

/** The message for a file no profile fits: the columns nothing reads, so the user sees why. */
export function noFitMessage(fileName: string, fits: readonly ProfileFit[], headers: readonly string[]): string {
  // The best fit's unmatched headers; with no profiles at all, every header.
  const unmatched = fits[0]?.unmatched ?? [...headers];
  const shown = unmatched.slice(0, 12).join(', ');
  const more = unmatched.length > 12 ? ` … (${unmatched.length - 12} more)` : '';
  return `No import profile fits ${fileName}. Unmatched columns: ${shown || '(none)'}${more}.`;
}
