/** Mapping spreadsheet rows to initiatives (issue 7): profiles, header fit, value and date reading. Pure. */
export { BUILT_IN_PROFILES } from './profiles';
export { normaliseHeader, valueKeys, cellText } from './normalise';
export { fitProfiles, fitProfile, resolveRules, type ResolvedRule } from './fit';
export { suggestProfile } from './suggest';
export { prepareMapping, mapRow, displayValues, importKeyOf, unmappedHeaders, type PreparedMapping } from './mapRow';
export { parseDateCell, decideDayOrder, excelSerialToIso, type DateParse, type DayOrder } from './dates';
export { lookupEnum, ENUM_FIELDS, type EnumField, type EnumLookup } from './values';
