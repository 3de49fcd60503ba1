/** Closed vocabularies of an initiative. Each list pairs the stored value with the label people read. */
export function vocabulary<const T extends readonly { id: string; label: string }[]>(items: T) {
  const ids = items.map((i) => i.id) as unknown as [T[number]['id'], ...T[number]['id'][]];
  const labels = new Map<string, string>(items.map((i) => [i.id, i.label]));
  return { items, ids, label: (id: T[number]['id']): string => labels.get(id) ?? id };
}

export const INITIATIVE_TYPES = vocabulary([
  { id: 'copilot', label: 'Copilot' },
  { id: 'chatbot', label: 'Chatbot / assistant' },
  { id: 'predictive', label: 'Predictive model' },
  { id: 'recommendation', label: 'Recommendation' },
  { id: 'document_intelligence', label: 'Document intelligence' },
  { id: 'autonomous_agent', label: 'Autonomous agent' },
  { id: 'other', label: 'Other' },
] as const);
export type InitiativeType = (typeof INITIATIVE_TYPES.ids)[number];

export const STATUSES = vocabulary([
  { id: 'active', label: 'Active' },
  { id: 'on_hold', label: 'On hold' },
  { id: 'killed', label: 'Killed' },
  { id: 'retired', label: 'Retired' },
] as const);
export type InitiativeStatus = (typeof STATUSES.ids)[number];

export const RISK_TIERS = vocabulary([
  { id: 'unclassified', label: 'Unclassified' },
  { id: 'prohibited', label: 'Prohibited' },
  { id: 'high', label: 'High risk' },
  { id: 'limited', label: 'Limited risk' },
  { id: 'minimal', label: 'Minimal risk' },
] as const);
export type RiskTier = (typeof RISK_TIERS.ids)[number];

export const OWNER_ROLES = vocabulary([
  { id: 'sponsor', label: 'Business sponsor' },
  { id: 'productOwner', label: 'AI product owner' },
  { id: 'techLead', label: 'Tech lead' },
] as const);
export type OwnerRole = (typeof OWNER_ROLES.ids)[number];
