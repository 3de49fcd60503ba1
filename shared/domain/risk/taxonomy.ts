import { vocabulary } from '../enums';
/**
 * Reference data shipped with the register (domain.md §2.3–§2.4), as versioned catalogues: risk
 * categories, and the AI risk taxonomies a risk can be tagged with. Every item carries the source it is
 * taken from (the S-numbers of domain.md §9). Labels marked [R] in domain.md are recalled, not verified
 * verbatim; `confidence` says which.
 *
 * A taxonomy reference is stored as `<taxonomy>:<item id>` (e.g. `owasp_llm_2025:LLM01`), so a risk can
 * carry refs from several taxonomies in one list and a filter can match one prefix.
 */

export const TAXONOMY_CATALOGUE_VERSION = '2026-06';

/** Risk categories of the entity schema (§2.3). */
export const RISK_CATEGORIES = [
  { id: 'STRATEGIC_VALUE', label: 'Strategic value' },
  { id: 'DATA', label: 'Data' },
  { id: 'MODEL_PERFORMANCE', label: 'Model performance' },
  { id: 'SECURITY', label: 'Security' },
  { id: 'PRIVACY', label: 'Privacy' },
  { id: 'FAIRNESS_BIAS', label: 'Fairness and bias' },
  { id: 'SAFETY', label: 'Safety' },
  { id: 'TRANSPARENCY_EXPLAINABILITY', label: 'Transparency and explainability' },
  { id: 'LEGAL_REGULATORY', label: 'Legal and regulatory' },
  { id: 'THIRD_PARTY_VENDOR', label: 'Third party and vendor' },
  { id: 'OPERATIONAL_RELIABILITY', label: 'Operational reliability' },
  { id: 'FINANCIAL_COST', label: 'Financial and cost' },
  { id: 'PEOPLE_ADOPTION_CHANGE', label: 'People, adoption and change' },
  { id: 'REPUTATIONAL', label: 'Reputational' },
  { id: 'AGENTIC_AUTONOMY', label: 'Agentic autonomy' },
  { id: 'ENVIRONMENTAL', label: 'Environmental' },
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number]['id'];
export const RISK_CATEGORY_IDS = vocabulary(RISK_CATEGORIES).ids;

export function categoryLabel(id: string): string {
  return RISK_CATEGORIES.find((c) => c.id === id)?.label ?? id;
}

export interface TaxonomyItem {
  id: string;
  label: string;
  /** A one-line summary where the source gives one. */
  summary?: string;
  /** The parent item's id (MIT subdomain → domain, ISO control → objective). */
  parent?: string;
}

export interface Taxonomy {
  id: string;
  label: string;
  /** Where it comes from: the publication, and the S-number of domain.md §9. */
  source: string;
  confidence: string;
  items: readonly TaxonomyItem[];
}

const items = (list: readonly (readonly [string, string, string?])[], parent?: string): TaxonomyItem[] =>
  list.map(([id, label, summary]) => ({
    id,
    label,
    ...(summary ? { summary } : {}),
    ...(parent ? { parent } : {}),
  }));

const MIT_DOMAINS: readonly (readonly [string, string, readonly (readonly [string, string])[]])[] = [
  [
    '1',
    'Discrimination & toxicity',
    [
      ['1.1', 'Unfair discrimination & misrepresentation'],
      ['1.2', 'Exposure to toxic content'],
      ['1.3', 'Unequal performance across groups'],
    ],
  ],
  [
    '2',
    'Privacy & security',
    [
      ['2.1', 'Compromise of privacy by leaking or inferring sensitive information'],
      ['2.2', 'AI system security vulnerabilities & attacks'],
    ],
  ],
  [
    '3',
    'Misinformation',
    [
      ['3.1', 'False or misleading information'],
      ['3.2', 'Pollution of the information ecosystem & loss of consensus reality'],
    ],
  ],
  [
    '4',
    'Malicious actors & misuse',
    [
      ['4.1', 'Disinformation, surveillance & influence at scale'],
      ['4.2', 'Cyberattacks, weapon development or use & mass harm'],
      ['4.3', 'Fraud, scams & targeted manipulation'],
    ],
  ],
  [
    '5',
    'Human-computer interaction',
    [
      ['5.1', 'Overreliance & unsafe use'],
      ['5.2', 'Loss of human agency & autonomy'],
    ],
  ],
  [
    '6',
    'Socioeconomic & environmental',
    [
      ['6.1', 'Power centralization & unfair distribution of benefits'],
      ['6.2', 'Increased inequality & decline in employment quality'],
      ['6.3', 'Economic & cultural devaluation of human effort'],
      ['6.4', 'Competitive dynamics'],
      ['6.5', 'Governance failure'],
      ['6.6', 'Environmental harm'],
    ],
  ],
  [
    '7',
    'AI system safety, failures & limitations',
    [
      ['7.1', 'AI pursuing its own goals in conflict with human goals or values'],
      ['7.2', 'AI possessing dangerous capabilities'],
      ['7.3', 'Lack of capability or robustness'],
      ['7.4', 'Lack of transparency or interpretability'],
      ['7.5', 'AI welfare & rights'],
      ['7.6', 'Multi-agent risks'],
    ],
  ],
];

const ISO_OBJECTIVES: readonly (readonly [string, string, string])[] = [
  ['A.2', 'Policies related to AI', 'AI policy; alignment with other policies; review'],
  ['A.3', 'Internal organization', 'AI roles & responsibilities; reporting of concerns'],
  ['A.4', 'Resources for AI systems', 'Resource documentation; data, tooling, system/computing and human resources'],
  [
    'A.5',
    'Assessing impacts of AI systems',
    'Impact-assessment process; documentation; impacts on individuals/groups; societal impacts',
  ],
  [
    'A.6',
    'AI system life cycle',
    'Responsible design/development; requirements; design documentation; verification & validation; deployment; operation & monitoring; technical documentation; event logs',
  ],
  ['A.7', 'Data for AI systems', 'Data for development; acquisition; quality; provenance; preparation'],
  [
    'A.8',
    'Information for interested parties',
    'System documentation and user information; external reporting; communication of incidents',
  ],
  ['A.9', 'Use of AI systems', 'Processes and objectives for responsible use; intended use'],
  ['A.10', 'Third-party & customer relationships', 'Allocating responsibilities; suppliers; customers'],
];

export const TAXONOMIES: readonly Taxonomy[] = [
  {
    id: 'pilot_failure',
    label: 'Causes of AI pilot failure',
    source:
      'Stall root causes across 650 leaders, 2026 survey (domain.md §3.4, S11); Gartner GenAI abandonment causes (§1.2, S6)',
    confidence: 'Secondary sources; percentages as reported',
    items: items([
      ['INTEGRATION_COMPLEXITY', 'Integration complexity', 'Cited by 63% of stalled expansions'],
      ['QUALITY_AT_VOLUME', 'Quality degradation at volume', 'Cited by 58%'],
      ['MISSING_MONITORING', 'Missing monitoring', 'Cited by 54%'],
      ['UNCLEAR_OWNERSHIP', 'Unclear ownership', 'Cited by 49%'],
      ['INSUFFICIENT_DOMAIN_DATA', 'Insufficient domain data', 'Cited by 41%'],
      ['POOR_DATA_QUALITY', 'Poor data quality', 'Gartner: a cause of GenAI abandonment after POC'],
      ['INADEQUATE_RISK_CONTROLS', 'Inadequate risk controls', 'Gartner: a cause of GenAI abandonment after POC'],
      ['ESCALATING_COSTS', 'Escalating costs', 'Gartner: a cause of GenAI abandonment after POC'],
      ['UNCLEAR_BUSINESS_VALUE', 'Unclear business value', 'Gartner: a cause of GenAI abandonment after POC'],
    ]),
  },
  {
    id: 'nist_trustworthy',
    label: 'NIST AI RMF trustworthiness characteristics',
    source: 'NIST AI 100-1, AI RMF 1.0, Jan 2023 (S27)',
    confidence: 'Verified',
    items: items([
      ['VALID_RELIABLE', 'Valid & reliable', 'A necessary condition and the base for the other characteristics'],
      ['SAFE', 'Safe'],
      ['SECURE_RESILIENT', 'Secure & resilient'],
      ['ACCOUNTABLE_TRANSPARENT', 'Accountable & transparent', 'Spans the other characteristics'],
      ['EXPLAINABLE_INTERPRETABLE', 'Explainable & interpretable'],
      ['PRIVACY_ENHANCED', 'Privacy-enhanced'],
      ['FAIR_BIAS_MANAGED', 'Fair, with harmful bias managed'],
    ]),
  },
  {
    id: 'nist_gai_600_1',
    label: 'NIST AI 600-1 generative AI risks',
    source: 'NIST AI 600-1, Generative AI Profile, Jul 2024 (S28)',
    confidence: 'Items 1–5 and 12 verified; the middle labels recalled [R]',
    items: items([
      ['CBRN', 'CBRN information or capabilities'],
      ['CONFABULATION', 'Confabulation'],
      ['DANGEROUS_VIOLENT_HATEFUL', 'Dangerous, violent or hateful content'],
      ['DATA_PRIVACY', 'Data privacy'],
      ['ENVIRONMENTAL', 'Environmental impacts'],
      ['HARMFUL_BIAS_HOMOGENIZATION', 'Harmful bias & homogenization'],
      ['HUMAN_AI_CONFIGURATION', 'Human-AI configuration'],
      ['INFORMATION_INTEGRITY', 'Information integrity'],
      ['INFORMATION_SECURITY', 'Information security'],
      ['INTELLECTUAL_PROPERTY', 'Intellectual property'],
      ['OBSCENE_DEGRADING_ABUSIVE', 'Obscene, degrading and/or abusive content'],
      ['VALUE_CHAIN_COMPONENT_INTEGRATION', 'Value chain & component integration'],
    ]),
  },
  {
    id: 'owasp_llm_2025',
    label: 'OWASP Top 10 for LLM Applications 2025',
    source: 'genai.owasp.org (S30)',
    confidence: 'Verified',
    items: items([
      ['LLM01', 'Prompt Injection', 'Untrusted input alters model behaviour'],
      ['LLM02', 'Sensitive Information Disclosure', 'The model reveals PII, secrets or proprietary data'],
      ['LLM03', 'Supply Chain', 'Compromised models, datasets, LoRA adapters or dependencies'],
      ['LLM04', 'Data and Model Poisoning', 'Manipulated training, fine-tuning or embedding data'],
      ['LLM05', 'Improper Output Handling', 'Output passed to shell, DB or browser without validation'],
      ['LLM06', 'Excessive Agency', 'More functionality, permission or autonomy than needed'],
      ['LLM07', 'System Prompt Leakage', 'Sensitive content in the system prompt gets extracted'],
      ['LLM08', 'Vector and Embedding Weaknesses', 'Weaknesses in how RAG stores are secured, populated or isolated'],
      ['LLM09', 'Misinformation', 'Confident but false output'],
      ['LLM10', 'Unbounded Consumption', 'DoS, “denial of wallet” and model abuse'],
    ]),
  },
  {
    id: 'owasp_agentic_2026',
    label: 'OWASP Top 10 for Agentic Applications 2026',
    source: 'genai.owasp.org, released Dec 2025 (S31)',
    confidence: 'Verified against the canonical list',
    items: items([
      ['ASI01', 'Agent Goal Hijack'],
      ['ASI02', 'Tool Misuse & Exploitation'],
      ['ASI03', 'Identity & Privilege Abuse'],
      ['ASI04', 'Agentic Supply Chain Vulnerabilities'],
      ['ASI05', 'Unexpected Code Execution'],
      ['ASI06', 'Memory & Context Poisoning'],
      ['ASI07', 'Insecure Inter-Agent Communication'],
      ['ASI08', 'Cascading Failures'],
      ['ASI09', 'Human-Agent Trust Exploitation'],
      ['ASI10', 'Rogue Agents'],
    ]),
  },
  {
    id: 'mit_domain',
    label: 'MIT AI Risk Repository domains',
    source: 'MIT AI Risk Repository domain taxonomy, 7 domains / 24 subdomains (S29)',
    confidence: 'Domains 1–2 and 7.1/7.3 verified verbatim; other labels recalled [R]',
    items: MIT_DOMAINS.flatMap(([id, label, subs]) => [{ id, label }, ...items(subs, id)]),
  },
  {
    id: 'eu_ai_act_tier',
    label: 'EU AI Act risk tiers',
    source: 'Regulation (EU) 2024/1689 (S32, S33)',
    confidence: 'Verified',
    items: items([
      ['PROHIBITED', 'Prohibited (Art. 5)', 'Applies from 2 Feb 2025'],
      ['HIGH_RISK_ANNEX_III', 'High-risk (Annex III use areas)'],
      ['HIGH_RISK_ANNEX_I', 'High-risk (Annex I safety components)'],
      ['LIMITED_TRANSPARENCY', 'Limited / transparency risk (Art. 50)'],
      ['MINIMAL', 'Minimal risk', 'No new obligations beyond AI literacy (Art. 4)'],
      ['NOT_IN_SCOPE', 'Not in scope'],
      ['UNDER_ASSESSMENT', 'Under assessment'],
    ]),
  },
  {
    id: 'eu_ai_act_article',
    label: 'EU AI Act articles',
    source: 'Regulation (EU) 2024/1689, Arts 9–15 for high-risk systems (S32, S34)',
    confidence: 'Arts 9–15 verified; other article numbers partly recalled [R]',
    items: items([
      ['ART5', 'Art. 5 Prohibited practices'],
      ['ART9', 'Art. 9 Risk-management system', 'Continuous and iterative; residual risk acceptable; testing'],
      ['ART10', 'Art. 10 Data & data governance', 'Relevant, representative, as error-free as possible; bias examined'],
      ['ART11', 'Art. 11 Technical documentation', 'Annex IV; kept up to date; retained 10 years'],
      ['ART12', 'Art. 12 Record-keeping', 'Automatic event logging over the lifetime'],
      ['ART13', 'Art. 13 Transparency & instructions for use'],
      ['ART14', 'Art. 14 Human oversight', 'Understand, interpret, override, and stop the system'],
      ['ART15', 'Art. 15 Accuracy, robustness, cybersecurity'],
      ['ART26', 'Art. 26 Deployer obligations'],
      ['ART27', 'Art. 27 Fundamental-rights impact assessment'],
      ['ART50', 'Art. 50 Transparency obligations'],
      ['ART72', 'Art. 72 Post-market monitoring'],
      ['ART73', 'Art. 73 Serious-incident reporting'],
    ]),
  },
  {
    id: 'iso42001',
    label: 'ISO/IEC 42001:2023 Annex A control objectives',
    source: 'ISO/IEC 42001:2023, Annex A: 38 controls under 9 objectives (S35)',
    confidence: 'Objective titles verified; control numbering recalled [R]',
    items: items(ISO_OBJECTIVES),
  },
];

const TAXONOMY_BY_ID = new Map(TAXONOMIES.map((t) => [t.id, t]));
const REF_LABELS = new Map<string, string>(
  TAXONOMIES.flatMap((t) => t.items.map((i) => [`${t.id}:${i.id}`, `${i.id} ${i.label}`] as const)),
);

/** Whether `ref` (`<taxonomy>:<item>`) names an item of the shipped catalogue. */
export function isTaxonomyRef(ref: string): boolean {
  return REF_LABELS.has(ref);
}

export function taxonomyRefLabel(ref: string): string {
  return REF_LABELS.get(ref) ?? ref;
}

export function taxonomy(id: string): Taxonomy | undefined {
  return TAXONOMY_BY_ID.get(id);
}
