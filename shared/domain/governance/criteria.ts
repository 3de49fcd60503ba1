import type { InitiativeType, RiskTier } from '../enums';
import type { AutoCheckRuleId } from './autochecks';
import type { GateId } from './gates';

/** Criterion categories of domain.md §6 GateCriterion. */
export type CriterionCategory =
  | 'VALUE'
  | 'OWNERSHIP'
  | 'DATA'
  | 'ARCHITECTURE'
  | 'SECURITY'
  | 'PRIVACY'
  | 'LEGAL_COMPLIANCE'
  | 'RESPONSIBLE_AI'
  | 'MLOPS'
  | 'OPERATIONS'
  | 'CHANGE_ADOPTION'
  | 'FINANCE';

export type EvidenceType = 'DOC' | 'LINK' | 'METRIC' | 'APPROVAL' | 'TEST_REPORT' | 'TELEMETRY';

/**
 * Which initiatives a criterion concerns, as data rather than an expression to evaluate. It matches when
 * the initiative's risk tier is listed OR its type is listed (domain.md §3.1 says "high-risk or agentic").
 * A descriptor with neither list matches everything.
 */
export interface InitiativeMatch {
  riskTiers?: readonly RiskTier[];
  types?: readonly InitiativeType[];
}

export interface TailoringProfile {
  riskTier: RiskTier;
  type: InitiativeType;
}

interface CriterionBase {
  /** Stable id: gate, then M (must), S (should), EU<article> (EU AI Act high-risk), A (agent), X (blocker). */
  id: string;
  gate: GateId;
  category: CriterionCategory;
  text: string;
  evidenceTypes: readonly EvidenceType[];
  autoCheck?: AutoCheckRuleId;
  /** Absent: applies to every initiative. */
  appliesIf?: InitiativeMatch;
}

export interface MustCriterion extends CriterionBase {
  kind: 'must';
  /**
   * A knock-out nothing can clear: no result, waiver or override lets the gate pass. Used for the
   * prohibited-practice criterion (EU AI Act Art 5; §3.2 G1 "prohibited → KILL").
   */
  blocking?: true;
}

export interface ShouldCriterion extends CriterionBase {
  kind: 'should';
  /** Relative weight in the gate score. */
  weight: number;
  /** "Lite" gates (§3.1): for these initiatives the criterion is N/A and leaves the score. */
  notApplicableIf?: InitiativeMatch;
}

export type Criterion = MustCriterion | ShouldCriterion;

export interface CriteriaCatalogue {
  version: string;
  criteria: readonly Criterion[];
}

const EU_HIGH_RISK: InitiativeMatch = { riskTiers: ['high'] };
const AGENTIC: InitiativeMatch = { types: ['autonomous_agent'] };
/** Minimal-risk initiatives get lite gates (§3.1). */
const LITE: InitiativeMatch = { riskTiers: ['minimal'] };

/** The prohibited-practice blocker, repeated on every gate so no gate of a prohibited initiative can pass. */
function prohibitedBlocker(gate: GateId): MustCriterion {
  return {
    id: `${gate}.X1`,
    gate,
    kind: 'must',
    blocking: true,
    category: 'LEGAL_COMPLIANCE',
    text: 'Not a prohibited AI practice (EU AI Act Art 5). A prohibited initiative cannot pass any gate: kill it.',
    evidenceTypes: ['APPROVAL'],
    autoCheck: 'risk.not_prohibited',
    appliesIf: { riskTiers: ['prohibited'] },
  };
}

/**
 * The gate criteria of domain.md §3.2, version 2026.1. Ids are stable: a new wording keeps its id, a new
 * meaning gets a new id and a new catalogue version, so past reviews keep pointing at what was asked.
 * Should-meet weights are [P]: 2 for the items §3.2 stresses (feasibility, automated pipelines, shadow
 * run, feedback loop), 1 otherwise.
 */
export const CRITERIA_CATALOGUE: CriteriaCatalogue = {
  version: '2026.1',
  criteria: [
    // ── G1 "Fund discovery / data work" (§3.2 Phase 1)
    prohibitedBlocker('G1'),
    {
      id: 'G1.M1',
      gate: 'G1',
      kind: 'must',
      category: 'OWNERSHIP',
      text: 'Three owners named and active: business sponsor, AI product owner, tech lead.',
      evidenceTypes: ['APPROVAL'],
      autoCheck: 'owners.triad',
    },
    {
      id: 'G1.M2',
      gate: 'G1',
      kind: 'must',
      category: 'VALUE',
      text: 'Problem statement and use-case canvas linked to a strategic objective, with a value layer (Defend/Extend/Upend).',
      evidenceTypes: ['DOC', 'LINK'],
    },
    {
      id: 'G1.M3',
      gate: 'G1',
      kind: 'must',
      category: 'VALUE',
      text: 'At least one business KPI with a baseline (value, date, source, method) and a target (value, date).',
      evidenceTypes: ['METRIC', 'DOC'],
      autoCheck: 'kpi.baseline_and_target',
    },
    {
      id: 'G1.M4',
      gate: 'G1',
      kind: 'must',
      category: 'FINANCE',
      text: 'Initial ROI model: 3 years, TEI structure, ranges on key drivers, including production cost categories (§1.3).',
      evidenceTypes: ['DOC'],
      autoCheck: 'roi.model_exists',
    },
    {
      id: 'G1.M5',
      gate: 'G1',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'Risk screening: EU AI Act tier, internal risk tier, autonomy level if agentic, data sensitivity class.',
      evidenceTypes: ['DOC', 'APPROVAL'],
      autoCheck: 'risk.classified',
    },
    {
      id: 'G1.M6',
      gate: 'G1',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Pilot success and kill ("sunset") criteria written before kickoff, and a named operational owner for production.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G1.S1',
      gate: 'G1',
      kind: 'should',
      weight: 1,
      category: 'VALUE',
      text: 'Build / buy / partner rationale.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G1.S2',
      gate: 'G1',
      kind: 'should',
      weight: 1,
      category: 'RESPONSIBLE_AI',
      text: 'Stakeholder and impacted-party analysis (NIST MAP 1/5; ISO 42001 A.5 impact screening).',
      evidenceTypes: ['DOC'],
      notApplicableIf: LITE,
    },
    {
      id: 'G1.S3',
      gate: 'G1',
      kind: 'should',
      weight: 2,
      category: 'DATA',
      text: 'Data-availability hypothesis and feasibility spike.',
      evidenceTypes: ['DOC', 'TEST_REPORT'],
    },
    {
      id: 'G1.S4',
      gate: 'G1',
      kind: 'should',
      weight: 1,
      category: 'VALUE',
      text: 'Prioritization score (value × feasibility × strategic fit).',
      evidenceTypes: ['METRIC'],
    },

    // ── G2 "Data ready for build" (§3.2 Phase 2)
    prohibitedBlocker('G2'),
    {
      id: 'G2.M1',
      gate: 'G2',
      kind: 'must',
      category: 'DATA',
      text: 'Data inventory for training, evaluation and retrieval sources, with named data owners, lineage and classification.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G2.M2',
      gate: 'G2',
      kind: 'must',
      category: 'PRIVACY',
      text: 'Lawful basis, licences and IP cleared; DPIA if personal data; data-residency check.',
      evidenceTypes: ['DOC', 'APPROVAL'],
    },
    {
      id: 'G2.M3',
      gate: 'G2',
      kind: 'must',
      category: 'DATA',
      text: 'Data-quality assessment against thresholds (completeness, accuracy, timeliness, duplicates, consistency).',
      evidenceTypes: ['TEST_REPORT', 'METRIC'],
      autoCheck: 'data.quality_assessed',
    },
    {
      id: 'G2.M4',
      gate: 'G2',
      kind: 'must',
      category: 'MLOPS',
      text: 'Evaluation ("golden") dataset defined, labelled, versioned, with acceptance thresholds per metric.',
      evidenceTypes: ['DOC', 'LINK'],
      autoCheck: 'eval.golden_set',
    },
    {
      id: 'G2.M5',
      gate: 'G2',
      kind: 'must',
      category: 'SECURITY',
      text: 'Access controls; PII minimization, redaction and masking for prompts and logs.',
      evidenceTypes: ['DOC', 'TEST_REPORT'],
    },
    {
      id: 'G2.EU10',
      gate: 'G2',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'EU AI Act Art 10: representativeness, bias examination and mitigation plan; data-governance documentation.',
      evidenceTypes: ['DOC', 'TEST_REPORT'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G2.S1',
      gate: 'G2',
      kind: 'should',
      weight: 2,
      category: 'DATA',
      text: 'Automated, versioned pipelines with schema validation, data contracts with upstream owners and a freshness SLA.',
      evidenceTypes: ['DOC', 'LINK'],
    },
    {
      id: 'G2.S2',
      gate: 'G2',
      kind: 'should',
      weight: 1,
      category: 'SECURITY',
      text: 'For RAG: document-level permissions mirrored into the index (OWASP LLM08); content owners for upkeep.',
      evidenceTypes: ['DOC', 'TEST_REPORT'],
    },

    // ── G3 "Architecture approved" (§3.2 Phase 3)
    prohibitedBlocker('G3'),
    {
      id: 'G3.M1',
      gate: 'G3',
      kind: 'must',
      category: 'ARCHITECTURE',
      text: 'Solution architecture: deployment approach, model/provider choice and fallback, hosting and data flow, integration with systems of record.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G3.M2',
      gate: 'G3',
      kind: 'must',
      category: 'SECURITY',
      text: 'Threat model mapped to OWASP LLM 2025 (and Agentic 2026 if agentic); security architecture review.',
      evidenceTypes: ['DOC', 'APPROVAL'],
    },
    {
      id: 'G3.M3',
      gate: 'G3',
      kind: 'must',
      category: 'SECURITY',
      text: 'Identity design: service and agent identities, SSO, least-privilege scopes.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G3.M4',
      gate: 'G3',
      kind: 'must',
      category: 'ARCHITECTURE',
      text: 'Non-functional targets: latency p95, availability SLO, throughput, cost-per-request and cost-per-outcome targets with a monthly budget cap.',
      evidenceTypes: ['DOC', 'METRIC'],
      autoCheck: 'nfr.targets_set',
    },
    {
      id: 'G3.M5',
      gate: 'G3',
      kind: 'must',
      category: 'RESPONSIBLE_AI',
      text: 'Human-oversight design: human in, on or over the loop; override and reverse; stop/interrupt; automation-bias mitigations.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G3.M6',
      gate: 'G3',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Logging and traceability design and a monitoring plan: quality, drift, safety, cost, latency.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G3.M7',
      gate: 'G3',
      kind: 'must',
      category: 'FINANCE',
      text: 'Production TCO updated; pilot-to-production cost ratio checked (§1.6).',
      evidenceTypes: ['DOC'],
      autoCheck: 'roi.production_tco',
    },
    {
      id: 'G3.EU9',
      gate: 'G3',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'EU AI Act Art 9: risk-management system established for the whole lifecycle.',
      evidenceTypes: ['DOC'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G3.EU12',
      gate: 'G3',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'EU AI Act Art 12: automatic event logging (record-keeping) designed in.',
      evidenceTypes: ['DOC'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G3.EU14',
      gate: 'G3',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'EU AI Act Art 14(4): overseers can interrupt the system through a "stop" button or similar.',
      evidenceTypes: ['DOC'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G3.A1',
      gate: 'G3',
      kind: 'must',
      category: 'SECURITY',
      text: 'Agent design: a unique identity per agent linked to an accountable owner, and a deliberately chosen autonomy level (L1–L5).',
      evidenceTypes: ['DOC'],
      appliesIf: AGENTIC,
    },
    {
      id: 'G3.A2',
      gate: 'G3',
      kind: 'must',
      category: 'SECURITY',
      text: 'Agent tool permissions designed least-privilege and short-lived; human approval for irreversible or high-impact actions.',
      evidenceTypes: ['DOC'],
      appliesIf: AGENTIC,
    },
    {
      id: 'G3.S1',
      gate: 'G3',
      kind: 'should',
      weight: 1,
      category: 'LEGAL_COMPLIANCE',
      text: 'Vendor due diligence and contract terms (ISO 42001 A.10): data use, retention, model-deprecation notice.',
      evidenceTypes: ['DOC', 'APPROVAL'],
    },
    {
      id: 'G3.S2',
      gate: 'G3',
      kind: 'should',
      weight: 1,
      category: 'ARCHITECTURE',
      text: 'Exit and portability plan; reuse of platform components.',
      evidenceTypes: ['DOC'],
      notApplicableIf: LITE,
    },

    // ── G4 "Production readiness review", the critical gate (§3.2 Phase 4)
    prohibitedBlocker('G4'),
    {
      id: 'G4.M1',
      gate: 'G4',
      kind: 'must',
      category: 'RESPONSIBLE_AI',
      text: 'Offline evaluation on the golden set meets thresholds (accuracy, groundedness, refusal correctness) with segment/fairness results.',
      evidenceTypes: ['TEST_REPORT', 'METRIC'],
      autoCheck: 'eval.golden_set',
    },
    {
      id: 'G4.M2',
      gate: 'G4',
      kind: 'must',
      category: 'SECURITY',
      text: 'Security testing (red team, prompt injection, jailbreak, pen test) with findings triaged and no open Critical finding.',
      evidenceTypes: ['TEST_REPORT'],
    },
    {
      id: 'G4.M3',
      gate: 'G4',
      kind: 'must',
      category: 'VALUE',
      text: 'Pilot / A-B results against the KPI baseline with an adequate sample; ROI model updated with measured drivers.',
      evidenceTypes: ['METRIC', 'TEST_REPORT'],
      autoCheck: 'kpi.pilot_vs_baseline',
    },
    {
      id: 'G4.M4',
      gate: 'G4',
      kind: 'must',
      category: 'MLOPS',
      text: 'MLOps minimums: version control, model/prompt registry with lineage, CI with automated tests, reproducible build, automated deployment with a tested rollback path.',
      evidenceTypes: ['LINK', 'TEST_REPORT'],
    },
    {
      id: 'G4.M5',
      gate: 'G4',
      kind: 'must',
      category: 'RESPONSIBLE_AI',
      text: 'Documentation: model/system card, instructions for use, limitations.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G4.M6',
      gate: 'G4',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'Approvals recorded: security, privacy, legal/compliance.',
      evidenceTypes: ['APPROVAL'],
    },
    {
      id: 'G4.M7',
      gate: 'G4',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Operations: runbook, on-call owner, incident response including AI incidents (harmful output, data leak, agent misbehaviour).',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G4.M8',
      gate: 'G4',
      kind: 'must',
      category: 'FINANCE',
      text: 'Production budget approved.',
      evidenceTypes: ['APPROVAL'],
      autoCheck: 'budget.production_approved',
    },
    {
      id: 'G4.M9',
      gate: 'G4',
      kind: 'must',
      category: 'CHANGE_ADOPTION',
      text: 'Business readiness: process redesign, training plan, comms; the operational owner signs handover acceptance.',
      evidenceTypes: ['DOC', 'APPROVAL'],
    },
    {
      id: 'G4.M10',
      gate: 'G4',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'AI governance board approval (high-risk or agentic systems).',
      evidenceTypes: ['APPROVAL'],
      appliesIf: { riskTiers: ['high'], types: ['autonomous_agent'] },
    },
    {
      id: 'G4.EU11',
      gate: 'G4',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'EU AI Act Art 11 / Annex IV technical documentation complete; conformity-assessment route identified.',
      evidenceTypes: ['DOC'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G4.EU13',
      gate: 'G4',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'EU AI Act Art 13: transparency and instructions for use for deployers.',
      evidenceTypes: ['DOC'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G4.EU15',
      gate: 'G4',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'EU AI Act Art 15: accuracy, robustness and cybersecurity levels declared and tested.',
      evidenceTypes: ['TEST_REPORT', 'DOC'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G4.EU73',
      gate: 'G4',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Serious-incident reporting path to the authorities defined (EU AI Act Art 73).',
      evidenceTypes: ['DOC'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G4.A1',
      gate: 'G4',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Every agent is in the agent inventory (§4.3) with its identity, owner, tools and scopes, autonomy level and kill switch.',
      evidenceTypes: ['LINK'],
      autoCheck: 'agents.inventory_complete',
      appliesIf: AGENTIC,
    },
    {
      id: 'G4.A2',
      gate: 'G4',
      kind: 'must',
      category: 'OWNERSHIP',
      text: 'Every agent has a named accountable owner.',
      evidenceTypes: ['APPROVAL'],
      autoCheck: 'agents.owners',
      appliesIf: AGENTIC,
    },
    {
      id: 'G4.A3',
      gate: 'G4',
      kind: 'must',
      category: 'SECURITY',
      text: 'Every agent tool grant lists its permission scopes; no un-scoped tools.',
      evidenceTypes: ['DOC', 'LINK'],
      autoCheck: 'agents.tool_scopes',
      appliesIf: AGENTIC,
    },
    {
      id: 'G4.A4',
      gate: 'G4',
      kind: 'must',
      category: 'SECURITY',
      text: 'Every agent has a kill switch enforced outside the agent runtime, with an owner and a procedure, tested in the last 90 days.',
      evidenceTypes: ['TEST_REPORT'],
      autoCheck: 'agents.kill_switch',
      appliesIf: AGENTIC,
    },
    {
      id: 'G4.A5',
      gate: 'G4',
      kind: 'must',
      category: 'RESPONSIBLE_AI',
      text: 'Every agent has an autonomy level (L1–L5) recorded and approved.',
      evidenceTypes: ['APPROVAL'],
      autoCheck: 'agents.autonomy_level',
      appliesIf: AGENTIC,
    },
    {
      id: 'G4.S1',
      gate: 'G4',
      kind: 'should',
      weight: 2,
      category: 'OPERATIONS',
      text: 'Shadow-mode run.',
      evidenceTypes: ['TEST_REPORT'],
    },
    {
      id: 'G4.S2',
      gate: 'G4',
      kind: 'should',
      weight: 1,
      category: 'OPERATIONS',
      text: 'Load and soak test.',
      evidenceTypes: ['TEST_REPORT'],
      notApplicableIf: LITE,
    },
    {
      id: 'G4.S3',
      gate: 'G4',
      kind: 'should',
      weight: 1,
      category: 'CHANGE_ADOPTION',
      text: 'User acceptance test (UAT) sign-off.',
      evidenceTypes: ['APPROVAL'],
    },
    {
      id: 'G4.S4',
      gate: 'G4',
      kind: 'should',
      weight: 1,
      category: 'CHANGE_ADOPTION',
      text: 'Accessibility review.',
      evidenceTypes: ['TEST_REPORT'],
    },

    // ── G5 "Hypercare exit / BAU acceptance" (§3.2 Phase 5)
    prohibitedBlocker('G5'),
    {
      id: 'G5.M1',
      gate: 'G5',
      kind: 'must',
      category: 'MLOPS',
      text: 'Release record with immutable versions (model, prompt, index, code); progressive rollout completed without SLO breach.',
      evidenceTypes: ['LINK', 'TELEMETRY'],
      autoCheck: 'release.record',
    },
    {
      id: 'G5.M2',
      gate: 'G5',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Monitoring connected: telemetry heartbeat received, dashboards live, alerts routed for quality, drift, latency, errors, cost and safety.',
      evidenceTypes: ['TELEMETRY', 'LINK'],
      autoCheck: 'monitoring.reports_data',
    },
    {
      id: 'G5.M3',
      gate: 'G5',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Logs captured and retained per policy.',
      evidenceTypes: ['DOC', 'TELEMETRY'],
      autoCheck: 'logs.retention',
    },
    {
      id: 'G5.M4',
      gate: 'G5',
      kind: 'must',
      category: 'RESPONSIBLE_AI',
      text: 'Human oversight operational: named, trained overseers; stop procedure tested.',
      evidenceTypes: ['TEST_REPORT', 'DOC'],
    },
    {
      id: 'G5.M5',
      gate: 'G5',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'Transparency: users told they interact with AI; AI-generated content marked where required (EU AI Act Art 50).',
      evidenceTypes: ['DOC', 'LINK'],
    },
    {
      id: 'G5.M6',
      gate: 'G5',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Hypercare exit criteria met (Sev-1 = 0, Sev-2 within limit); support handed to operations.',
      evidenceTypes: ['METRIC', 'APPROVAL'],
      autoCheck: 'hypercare.exit',
    },
    {
      id: 'G5.EU12',
      gate: 'G5',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'EU AI Act Art 12 / 19 / 26(6): automatically generated logs kept at least six months.',
      evidenceTypes: ['DOC', 'TELEMETRY'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G5.EU43',
      gate: 'G5',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'For providers: conformity assessment done, registration in the EU database, CE marking where applicable.',
      evidenceTypes: ['DOC', 'APPROVAL'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G5.A1',
      gate: 'G5',
      kind: 'must',
      category: 'SECURITY',
      text: 'Agent kill switches tested in production within the last 90 days.',
      evidenceTypes: ['TEST_REPORT'],
      autoCheck: 'agents.kill_switch',
      appliesIf: AGENTIC,
    },
    {
      id: 'G5.S1',
      gate: 'G5',
      kind: 'should',
      weight: 1,
      category: 'CHANGE_ADOPTION',
      text: 'Adoption tracking live (active users / eligible users).',
      evidenceTypes: ['TELEMETRY', 'METRIC'],
      autoCheck: 'adoption.tracking_live',
    },
    {
      id: 'G5.S2',
      gate: 'G5',
      kind: 'should',
      weight: 1,
      category: 'FINANCE',
      text: 'Finance agrees the benefit-tracking method.',
      evidenceTypes: ['APPROVAL'],
    },

    // ── G6 "Value confirmed; approve scale" (§3.2 Phase 6)
    prohibitedBlocker('G6'),
    {
      id: 'G6.M1',
      gate: 'G6',
      kind: 'must',
      category: 'VALUE',
      text: 'At least 3 months of production KPI data against baseline; finance-signed realized value, reported apart from projections.',
      evidenceTypes: ['METRIC', 'APPROVAL'],
      autoCheck: 'kpi.production_history',
    },
    {
      id: 'G6.M2',
      gate: 'G6',
      kind: 'must',
      category: 'MLOPS',
      text: 'Model and data health within thresholds: drift (PSI < 0.10 stable), eval regression suite passing, safety sampling.',
      evidenceTypes: ['TELEMETRY', 'TEST_REPORT'],
      autoCheck: 'monitoring.model_health',
    },
    {
      id: 'G6.M3',
      gate: 'G6',
      kind: 'must',
      category: 'FINANCE',
      text: 'Unit economics: cost per outcome at or below target, trend flat or declining; budget burn within tolerance.',
      evidenceTypes: ['METRIC'],
      autoCheck: 'costs.unit_economics',
    },
    {
      id: 'G6.M4',
      gate: 'G6',
      kind: 'must',
      category: 'RESPONSIBLE_AI',
      text: 'Risk register reviewed in the last 90 days; no open Critical residual risk; above-appetite risks formally accepted.',
      evidenceTypes: ['DOC', 'APPROVAL'],
      autoCheck: 'risks.register_current',
    },
    {
      id: 'G6.M5',
      gate: 'G6',
      kind: 'must',
      category: 'MLOPS',
      text: 'Retraining / refresh / model-migration trigger defined and exercised at least once.',
      evidenceTypes: ['DOC', 'TEST_REPORT'],
    },
    {
      id: 'G6.EU72',
      gate: 'G6',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'For providers: post-market monitoring plan in place (EU AI Act Art 72).',
      evidenceTypes: ['DOC'],
      appliesIf: EU_HIGH_RISK,
    },
    {
      id: 'G6.S1',
      gate: 'G6',
      kind: 'should',
      weight: 2,
      category: 'CHANGE_ADOPTION',
      text: 'User feedback loop feeding improvements.',
      evidenceTypes: ['DOC', 'METRIC'],
    },

    // ── G7 "Expand / optimize / retire", recurring (§3.2 Phase 7)
    prohibitedBlocker('G7'),
    {
      id: 'G7.M1',
      gate: 'G7',
      kind: 'must',
      category: 'LEGAL_COMPLIANCE',
      text: 'Scale plan (new BUs, geographies, use cases) with re-classification of risk and EU AI Act tier.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G7.M2',
      gate: 'G7',
      kind: 'must',
      category: 'FINANCE',
      text: 'Unit economics at target volume; break-even volume exceeded.',
      evidenceTypes: ['METRIC'],
      autoCheck: 'costs.unit_economics',
    },
    {
      id: 'G7.M3',
      gate: 'G7',
      kind: 'must',
      category: 'OPERATIONS',
      text: 'Periodic governance review cadence set (annual model review); decommission criteria defined.',
      evidenceTypes: ['DOC'],
    },
    {
      id: 'G7.A1',
      gate: 'G7',
      kind: 'must',
      category: 'RESPONSIBLE_AI',
      text: 'Agent inventory re-reviewed for the new scope: autonomy levels, tool scopes and kill switches still fit.',
      evidenceTypes: ['APPROVAL'],
      autoCheck: 'agents.inventory_complete',
      appliesIf: AGENTIC,
    },
    {
      id: 'G7.S1',
      gate: 'G7',
      kind: 'should',
      weight: 1,
      category: 'ARCHITECTURE',
      text: 'Components promoted to a shared platform; FinOps show/chargeback; SLOs published.',
      evidenceTypes: ['DOC', 'LINK'],
      notApplicableIf: LITE,
    },
    {
      id: 'G7.S2',
      gate: 'G7',
      kind: 'should',
      weight: 1,
      category: 'MLOPS',
      text: 'Target MLOps maturity (Microsoft Level 4 / Google Level 2) where change frequency justifies it.',
      evidenceTypes: ['DOC'],
      notApplicableIf: LITE,
    },
  ],
};

/** Whether an initiative matches a descriptor (tier listed OR type listed; empty matches all). */
export function matches(match: InitiativeMatch, profile: TailoringProfile): boolean {
  const hasTiers = match.riskTiers !== undefined && match.riskTiers.length > 0;
  const hasTypes = match.types !== undefined && match.types.length > 0;
  if (!hasTiers && !hasTypes) return true;
  return (hasTiers && match.riskTiers!.includes(profile.riskTier)) || (hasTypes && match.types!.includes(profile.type));
}

export interface TailoredGate {
  /** The criteria the review shows and evaluates. */
  criteria: Criterion[];
  /** Should-meets dropped by lite tailoring, with the reason, so the review can show them as N/A. */
  notApplicable: { criterion: ShouldCriterion; reason: string }[];
}

/** A gate's criteria tailored to an initiative's risk tier and type (§3.1 tailoring). */
export function tailorGate(
  gate: GateId,
  profile: TailoringProfile,
  catalogue: CriteriaCatalogue = CRITERIA_CATALOGUE,
): TailoredGate {
  const criteria: Criterion[] = [];
  const notApplicable: TailoredGate['notApplicable'] = [];
  for (const c of catalogue.criteria) {
    if (c.gate !== gate) continue;
    if (c.appliesIf && !matches(c.appliesIf, profile)) continue;
    if (c.kind === 'should' && c.notApplicableIf && matches(c.notApplicableIf, profile)) {
      notApplicable.push({ criterion: c, reason: 'Lite gate: not required for minimal-risk initiatives' });
      continue;
    }
    criteria.push(c);
  }
  return { criteria, notApplicable };
}

export function criteriaFor(
  gate: GateId,
  initiative: TailoringProfile,
  catalogue: CriteriaCatalogue = CRITERIA_CATALOGUE,
): Criterion[] {
  return tailorGate(gate, initiative, catalogue).criteria;
}
