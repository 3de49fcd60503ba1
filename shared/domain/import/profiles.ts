import { FLIGHTDECK_COLUMNS } from './columns';
import type { ColumnRule, MappingProfile, ProfileInfo } from './types';

/**
 * Profiles that ship with Flightdeck. Header texts are copied from the real files (see the import tests); rule
 * headers match after normalising (normalise.ts), and a header of three words or more also matches a longer
 * sheet header it starts ("Use Case ID" matches DHS's "Use Case ID [Agency Abbrev.] – [#]").
 */

function builtIn(id: string, profile: MappingProfile): ProfileInfo {
  return { ...profile, id, builtIn: true };
}

/** Flightdeck's own export: every field under its own header; re-import matches on ID (round trip). */
const FLIGHTDECK: ProfileInfo = builtIn('builtin:flightdeck', {
  name: 'Flightdeck',
  description: "Flightdeck's own CSV and XLSX initiatives table; re-importing an export updates the same initiatives.",
  columns: FLIGHTDECK_COLUMNS.map((c): ColumnRule => ({ field: c.field, headers: [c.header] })),
  values: {},
  defaults: {},
  dateOrder: 'auto',
  key: 'id',
});

/**
 * U.S. federal AI use-case inventory, 2024 consolidated format (numbered question columns).
 * - Business unit: agency abbreviation and bureau joined ("DHS / CBP"); the full agency name would not fit 120.
 * - Description: purpose and benefits, then outputs.
 * - Stage (16): phase by the table in values.ts; the same column also gives the status, so "Retired" is status
 *   retired, in phase 6 (it was operating before it was retired).
 * - Impact type (17): rights- or safety-impacting or both → high; "Neither" → minimal. The inventory asks only
 *   about rights and safety impact, so "neither" is the lowest tier it can tell; a reviewer can raise it.
 * - Dates: initiated (18), or when it was not given acquisition/development start (19), is the actual start;
 *   retired (21) is the actual end. Implementation (20) has no field of its own.
 */
const FEDERAL_2024: ProfileInfo = builtIn('builtin:federal-2024', {
  name: 'U.S. federal AI inventory (2024)',
  description:
    'The 2024 consolidated federal AI use-case inventory, with numbered question columns (2_use_case_name …).',
  columns: [
    { field: 'name', headers: ['2_use_case_name'] },
    { field: 'businessUnit', headers: ['3_abr', '4_bureau'] },
    { field: 'description', headers: ['11_purpose_benefits', '12_outputs'] },
    { field: 'phase', headers: ['16_dev_stage'] },
    { field: 'status', headers: ['16_dev_stage'] },
    { field: 'riskTier', headers: ['17_impact_type'] },
    { field: 'tags', headers: ['8_topic_area'] },
    { field: 'actualStart', headers: ['18_date_initiated', '19_date_acq_dev_began'] },
    { field: 'actualEnd', headers: ['21_date_retired'] },
  ],
  values: {
    phase: { Retired: 'MONITOR_OBSERVE' },
    riskTier: { Both: 'high', Neither: 'minimal', 'Rights-Impacting': 'high', 'Safety-Impacting': 'high' },
  },
  defaults: {},
  dateOrder: 'MDY',
  key: 'nameAndUnit',
});

/**
 * U.S. federal AI use-case inventory, 2025 format (question-text headers, as agencies publish it: Treasury's
 * CSV, DHS's XLSX with a section row above the header and "a) …" answer prefixes).
 * - Business unit: the bureau/component (the agency is the file itself; set it as the profile's default or
 *   edit the mapping to add it).
 * - Stage: "Pre-deployment"/"Pilot" → phase 4, "Deployed" → phase 6, "Retired" → status retired in phase 6.
 * - High-impact → high; "Presumed high-impact but determined not high-impact" → limited (it needed a
 *   determination, so it sits near the line); "Not high-impact" → minimal.
 * - Type from the AI classification: classical/predictive ML → predictive, agentic → autonomous agent; generative
 *   AI, NLP and computer vision name a technique rather than a kind of product, so → other (kept as tags).
 * - The operational (or pilot start) date is the actual start.
 */
const FEDERAL_2025: ProfileInfo = builtIn('builtin:federal-2025', {
  name: 'U.S. federal AI inventory (2025)',
  description:
    'The 2025 federal AI use-case inventory, with question-text headers ("Use Case Name", "Stage of Development" …).',
  columns: [
    { field: 'name', headers: ['Use Case Name'] },
    { field: 'businessUnit', headers: ['Bureau/Component'] },
    {
      field: 'description',
      headers: [
        'What problem is the AI intended to solve?',
        'What are the expected benefits and positive outcomes from the AI for an agency’s mission and/or the general public?',
        'Describe the AI system’s outputs.',
      ],
    },
    { field: 'phase', headers: ['Stage of Development'] },
    { field: 'status', headers: ['Stage of Development'] },
    { field: 'riskTier', headers: ['Is the AI use case high-impact?'] },
    { field: 'type', headers: ['AI Classification'] },
    { field: 'tags', headers: ['Use Case Topic Area', 'AI Classification'] },
    { field: 'actualStart', headers: ['Date when AI use case became operational or the pilot’s start date'] },
  ],
  values: {
    phase: { Retired: 'MONITOR_OBSERVE' },
    riskTier: {
      'High-impact': 'high',
      'Presumed high-impact but determined not high-impact': 'limited',
      'Not high-impact': 'minimal',
    },
    type: {
      'Generative AI': 'other',
      'Natural Language Processing': 'other',
      NLP: 'other',
      'Computer Vision': 'other',
      'Classical/Predictive Machine Learning': 'predictive',
      'Agentic AI': 'autonomous_agent',
    },
  },
  defaults: {},
  dateOrder: 'MDY',
  key: 'nameAndUnit',
});

export const BUILT_IN_PROFILES: readonly ProfileInfo[] = [FLIGHTDECK, FEDERAL_2024, FEDERAL_2025];
