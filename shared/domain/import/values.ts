import { INITIATIVE_TYPES, RISK_TIERS, STATUSES, type InitiativeStatus } from '../enums';
import { PHASES, PHASE_IDS, type PhaseId } from '../phases';
import { isPlaceholder, normaliseHeader, valueKeys } from './normalise';

/**
 * Cell text → vocabulary id for the four enum fields. Every vocabulary's own ids and labels are accepted; the
 * synonym tables below add the words real inventories use. Keys are compared normalised (see normalise.ts),
 * so "Rights-Impacting\n", "rights impacting" and "RIGHTS_IMPACTING" are one key.
 */

export type EnumField = 'phase' | 'status' | 'type' | 'riskTier';
export const ENUM_FIELDS: readonly EnumField[] = ['phase', 'status', 'type', 'riskTier'];

/**
 * Phase words. Where a lifecycle word names a stage that has finished ("Deployed", "In production",
 * "Operation and Maintenance") the initiative is running and watched, which is phase 6; "Deployment" (the act)
 * is phase 5. The U.S. federal inventories' stages map as:
 *
 * | Inventory stage                                  | Phase              | Why                                      |
 * |--------------------------------------------------|--------------------|------------------------------------------|
 * | Planned, Initiated (2024)                        | STRATEGY           | idea approved, no data or build work yet |
 * | Acquisition and/or Development (2024)            | DEVELOP_VALIDATE   | being built or bought                    |
 * | Pre-deployment (2025: development or acquisition)| DEVELOP_VALIDATE   | same                                     |
 * | Pilot (2025: limited test or pilot capacity)     | DEVELOP_VALIDATE   | pilots are phase 4 evidence (gate G4)    |
 * | Implementation and Assessment (2024)             | PRODUCTION_DEPLOY  | being put into production and assessed   |
 * | Operation and Maintenance, In production,        | MONITOR_OBSERVE    | in use; the work is running and watching |
 * | In mission (2024), Deployed (2025)               |                    |                                          |
 * | Retired                                          | status "retired"   | not a phase: see impliedStatus below;    |
 * |                                                  |                    | the federal profiles put it in phase 6   |
 */
const PHASE_SYNONYMS: Record<string, PhaseId> = {
  idea: 'STRATEGY',
  ideation: 'STRATEGY',
  proposed: 'STRATEGY',
  proposal: 'STRATEGY',
  planned: 'STRATEGY',
  planning: 'STRATEGY',
  initiated: 'STRATEGY',
  concept: 'STRATEGY',
  discovery: 'STRATEGY',
  assessment: 'STRATEGY',
  backlog: 'STRATEGY',
  'opportunity assessment': 'STRATEGY',
  'business case': 'STRATEGY',
  data: 'DATA_FOUNDATION',
  'data preparation': 'DATA_FOUNDATION',
  'data collection': 'DATA_FOUNDATION',
  design: 'ARCHITECTURE',
  'solution design': 'ARCHITECTURE',
  development: 'DEVELOP_VALIDATE',
  'in development': 'DEVELOP_VALIDATE',
  build: 'DEVELOP_VALIDATE',
  building: 'DEVELOP_VALIDATE',
  'build and validate': 'DEVELOP_VALIDATE',
  validation: 'DEVELOP_VALIDATE',
  testing: 'DEVELOP_VALIDATE',
  'acquisition and or development': 'DEVELOP_VALIDATE',
  'acquisition and development': 'DEVELOP_VALIDATE',
  acquisition: 'DEVELOP_VALIDATE',
  'pre deployment': 'DEVELOP_VALIDATE',
  predeployment: 'DEVELOP_VALIDATE',
  pilot: 'DEVELOP_VALIDATE',
  piloting: 'DEVELOP_VALIDATE',
  'in pilot': 'DEVELOP_VALIDATE',
  poc: 'DEVELOP_VALIDATE',
  'proof of concept': 'DEVELOP_VALIDATE',
  prototype: 'DEVELOP_VALIDATE',
  experiment: 'DEVELOP_VALIDATE',
  'r d': 'DEVELOP_VALIDATE',
  'research and development': 'DEVELOP_VALIDATE',
  deployment: 'PRODUCTION_DEPLOY',
  deploying: 'PRODUCTION_DEPLOY',
  'implementation and assessment': 'PRODUCTION_DEPLOY',
  implementation: 'PRODUCTION_DEPLOY',
  rollout: 'PRODUCTION_DEPLOY',
  'roll out': 'PRODUCTION_DEPLOY',
  'go live': 'PRODUCTION_DEPLOY',
  deployed: 'MONITOR_OBSERVE',
  production: 'MONITOR_OBSERVE',
  'in production': 'MONITOR_OBSERVE',
  live: 'MONITOR_OBSERVE',
  operational: 'MONITOR_OBSERVE',
  'in operation': 'MONITOR_OBSERVE',
  'in use': 'MONITOR_OBSERVE',
  'operation and maintenance': 'MONITOR_OBSERVE',
  'operations and maintenance': 'MONITOR_OBSERVE',
  'o m': 'MONITOR_OBSERVE',
  'in mission': 'MONITOR_OBSERVE',
  monitoring: 'MONITOR_OBSERVE',
  scale: 'SCALE_OPTIMIZE',
  scaling: 'SCALE_OPTIMIZE',
  scaled: 'SCALE_OPTIMIZE',
  optimization: 'SCALE_OPTIMIZE',
  optimisation: 'SCALE_OPTIMIZE',
};

const STATUS_SYNONYMS: Record<string, InitiativeStatus> = {
  active: 'active',
  'in progress': 'active',
  open: 'active',
  ongoing: 'active',
  'on track': 'active',
  'on hold': 'on_hold',
  hold: 'on_hold',
  paused: 'on_hold',
  parked: 'on_hold',
  suspended: 'on_hold',
  deferred: 'on_hold',
  blocked: 'on_hold',
  killed: 'killed',
  kill: 'killed',
  cancelled: 'killed',
  canceled: 'killed',
  stopped: 'killed',
  terminated: 'killed',
  abandoned: 'killed',
  rejected: 'killed',
  discontinued: 'killed',
  retired: 'retired',
  decommissioned: 'retired',
  sunset: 'retired',
  sunsetted: 'retired',
  archived: 'retired',
  closed: 'retired',
  inactive: 'retired',
  'end of life': 'retired',
};

type TypeId = (typeof INITIATIVE_TYPES.ids)[number];
const TYPE_SYNONYMS: Record<string, TypeId> = {
  'co pilot': 'copilot',
  'coding assistant': 'copilot',
  'writing assistant': 'copilot',
  'productivity assistant': 'copilot',
  chatbot: 'chatbot',
  'chat bot': 'chatbot',
  chat: 'chatbot',
  bot: 'chatbot',
  assistant: 'chatbot',
  'virtual assistant': 'chatbot',
  'virtual agent': 'chatbot',
  'conversational ai': 'chatbot',
  predictive: 'predictive',
  prediction: 'predictive',
  'predictive analytics': 'predictive',
  forecasting: 'predictive',
  forecast: 'predictive',
  classification: 'predictive',
  classifier: 'predictive',
  'machine learning': 'predictive',
  ml: 'predictive',
  'classical predictive machine learning': 'predictive',
  'classical machine learning': 'predictive',
  'anomaly detection': 'predictive',
  'risk scoring': 'predictive',
  recommender: 'recommendation',
  recommendations: 'recommendation',
  'recommendation engine': 'recommendation',
  'recommender system': 'recommendation',
  personalisation: 'recommendation',
  personalization: 'recommendation',
  'document processing': 'document_intelligence',
  'intelligent document processing': 'document_intelligence',
  idp: 'document_intelligence',
  ocr: 'document_intelligence',
  'document ai': 'document_intelligence',
  'document extraction': 'document_intelligence',
  agent: 'autonomous_agent',
  agents: 'autonomous_agent',
  'ai agent': 'autonomous_agent',
  agentic: 'autonomous_agent',
  'agentic ai': 'autonomous_agent',
  'autonomous agent': 'autonomous_agent',
};

type RiskId = (typeof RISK_TIERS.ids)[number];
const RISK_SYNONYMS: Record<string, RiskId> = {
  'not assessed': 'unclassified',
  'not classified': 'unclassified',
  unknown: 'unclassified',
  unacceptable: 'prohibited',
  'unacceptable risk': 'prohibited',
  banned: 'prohibited',
  high: 'high',
  critical: 'high',
  'high impact': 'high',
  'rights impacting': 'high',
  'safety impacting': 'high',
  'rights and safety impacting': 'high',
  limited: 'limited',
  medium: 'limited',
  moderate: 'limited',
  'medium risk': 'limited',
  minimal: 'minimal',
  low: 'minimal',
  'low risk': 'minimal',
  'not high impact': 'minimal',
};

function table<T extends string>(
  items: readonly { id: T; label: string }[],
  synonyms: Record<string, T>,
  extra: readonly { id: T; words: readonly string[] }[] = [],
): Map<string, T> {
  const m = new Map<string, T>();
  for (const [k, v] of Object.entries(synonyms)) m.set(normaliseHeader(k), v);
  for (const e of extra) for (const w of e.words) m.set(normaliseHeader(w), e.id);
  // Own ids and labels win over synonyms.
  for (const i of items) {
    m.set(normaliseHeader(i.id), i.id);
    m.set(normaliseHeader(i.label), i.id);
  }
  return m;
}

const PHASE_TABLE = table<PhaseId>(
  PHASES.map((p) => ({ id: p.id, label: p.label })),
  PHASE_SYNONYMS,
  PHASES.map((p) => ({ id: p.id, words: [p.short, String(p.n), `phase ${p.n}`, `p${p.n}`, `${p.n} ${p.short}`] })),
);
const STATUS_TABLE = table<InitiativeStatus>(STATUSES.items, STATUS_SYNONYMS);
const TYPE_TABLE = table<TypeId>(INITIATIVE_TYPES.items, TYPE_SYNONYMS);
const RISK_TABLE = table<RiskId>(RISK_TIERS.items, RISK_SYNONYMS);

const TABLES: Record<EnumField, Map<string, string>> = {
  phase: PHASE_TABLE,
  status: STATUS_TABLE,
  type: TYPE_TABLE,
  riskTier: RISK_TABLE,
};

/** The ids each enum field accepts, to check a profile's own value maps. */
export const ENUM_IDS: Record<EnumField, readonly string[]> = {
  phase: PHASE_IDS,
  status: STATUSES.ids,
  type: INITIATIVE_TYPES.ids,
  riskTier: RISK_TIERS.ids,
};

const FIELD_NOUN: Record<EnumField, string> = {
  phase: 'a phase',
  status: 'a status',
  type: 'a type',
  riskTier: 'a risk tier',
};

const KNOWN: Record<EnumField, string> = {
  phase: PHASES.map((p) => p.short).join(', '),
  status: STATUSES.items.map((i) => i.label).join(', '),
  type: INITIATIVE_TYPES.items.map((i) => i.label).join(', '),
  riskTier: RISK_TIERS.items.map((i) => i.label).join(', '),
};

/** A profile's extra "cell text → id" pairs, keyed normalised. Pairs whose id is unknown are reported. */
export function profileValueTable(
  field: EnumField,
  pairs: Record<string, string> | undefined,
): { table: Map<string, string>; invalid: string[] } {
  const table = new Map<string, string>();
  const invalid: string[] = [];
  for (const [text, id] of Object.entries(pairs ?? {})) {
    if (ENUM_IDS[field].includes(id)) table.set(normaliseHeader(text), id);
    else invalid.push(`"${text}" → "${id}"`);
  }
  return { table, invalid };
}

export type EnumLookup =
  | { kind: 'value'; id: string }
  | { kind: 'empty' }
  /** Not this field's word, but a status word ("Retired" in a stage column): the status it names. */
  | { kind: 'status'; id: InitiativeStatus }
  | { kind: 'unknown'; reason: string };

/**
 * Looks one cell's text up: the profile's own pairs first, then the built-in table, each on every key of
 * `valueKeys` (whole text, then the short value before an explanation). A status column holding lifecycle
 * words ("Pilot", "In production") reads them as active; a phase column holding a status word names that status.
 */
export function lookupEnum(field: EnumField, text: string, own: Map<string, string> | undefined): EnumLookup {
  const keys = valueKeys(text);
  for (const t of own ? [own, TABLES[field]] : [TABLES[field]]) {
    for (const k of keys) {
      const id = t.get(k);
      if (id !== undefined) return { kind: 'value', id };
    }
  }
  if (field === 'status') {
    for (const k of keys) if (PHASE_TABLE.has(k)) return { kind: 'value', id: 'active' };
  }
  if (field === 'phase') {
    for (const k of keys) {
      const s = STATUS_TABLE.get(k);
      if (s !== undefined) return { kind: 'status', id: s };
    }
  }
  if (isPlaceholder(text)) return { kind: 'empty' };
  const shown = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  return {
    kind: 'unknown',
    reason: `"${shown}" is not ${FIELD_NOUN[field]}; known: ${KNOWN[field]} (or add it to the profile's value map)`,
  };
}
