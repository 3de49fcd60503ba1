import type { InitiativeType } from '../../../shared/domain/enums';

/** Use cases seen in enterprise AI portfolios, each with the unit that usually owns it. */
export const USE_CASES: readonly { name: string; unit: string; type: InitiativeType; tags: string[]; about: string }[] = [
  { name: 'Support ticket triage assistant', unit: 'Customer Service', type: 'chatbot', tags: ['genai', 'rag'], about: 'Drafts first responses and routes tickets to the right queue.' },
  { name: 'Agent-assist knowledge copilot', unit: 'Customer Service', type: 'copilot', tags: ['genai', 'rag', 'knowledge'], about: 'Surfaces policy answers to contact-centre agents during calls.' },
  { name: 'Call summarisation', unit: 'Customer Service', type: 'document_intelligence', tags: ['genai', 'speech'], about: 'Summarises calls into CRM notes and disposition codes.' },
  { name: 'Churn propensity model', unit: 'Marketing', type: 'predictive', tags: ['ml', 'retention'], about: 'Scores customers monthly for churn risk to target save offers.' },
  { name: 'Next-best-offer engine', unit: 'Marketing', type: 'recommendation', tags: ['ml', 'personalisation'], about: 'Ranks offers per customer across web and email.' },
  { name: 'Campaign copy generator', unit: 'Marketing', type: 'copilot', tags: ['genai', 'content'], about: 'Drafts on-brand campaign copy for review.' },
  { name: 'Invoice data extraction', unit: 'Finance', type: 'document_intelligence', tags: ['ocr', 'genai', 'ap'], about: 'Extracts header and line items from supplier invoices.' },
  { name: 'Cash-flow forecasting', unit: 'Finance', type: 'predictive', tags: ['ml', 'forecasting'], about: 'Thirteen-week cash forecast from AR/AP and bank data.' },
  { name: 'Expense audit agent', unit: 'Finance', type: 'autonomous_agent', tags: ['agentic', 'audit'], about: 'Reviews expense claims against policy and flags exceptions.' },
  { name: 'Contract clause review', unit: 'Legal', type: 'document_intelligence', tags: ['genai', 'contracts'], about: 'Flags non-standard clauses against the playbook.' },
  { name: 'Regulatory change monitor', unit: 'Legal', type: 'chatbot', tags: ['genai', 'compliance'], about: 'Tracks regulator publications and summarises impact.' },
  { name: 'CV screening assistant', unit: 'HR', type: 'predictive', tags: ['ml', 'hiring'], about: 'Ranks applications for recruiter review.' },
  { name: 'HR policy assistant', unit: 'HR', type: 'chatbot', tags: ['genai', 'rag'], about: 'Answers employee questions on leave, benefits and policy.' },
  { name: 'Developer coding copilot', unit: 'Technology', type: 'copilot', tags: ['genai', 'engineering'], about: 'Code completion and review assistance for engineering teams.' },
  { name: 'Incident root-cause agent', unit: 'Technology', type: 'autonomous_agent', tags: ['agentic', 'aiops'], about: 'Correlates alerts and proposes remediation runbooks.' },
  { name: 'Test case generation', unit: 'Technology', type: 'copilot', tags: ['genai', 'qa'], about: 'Generates test cases from user stories.' },
  { name: 'Fraud detection scoring', unit: 'Risk', type: 'predictive', tags: ['ml', 'fraud', 'real-time'], about: 'Scores card transactions in real time for fraud.' },
  { name: 'AML alert prioritisation', unit: 'Risk', type: 'predictive', tags: ['ml', 'aml'], about: 'Ranks anti-money-laundering alerts for investigators.' },
  { name: 'Credit decision support', unit: 'Risk', type: 'predictive', tags: ['ml', 'credit'], about: 'Recommends credit limits with reason codes.' },
  { name: 'Demand forecasting', unit: 'Supply Chain', type: 'predictive', tags: ['ml', 'forecasting'], about: 'SKU-level demand forecast for replenishment.' },
  { name: 'Procurement negotiation agent', unit: 'Supply Chain', type: 'autonomous_agent', tags: ['agentic', 'procurement'], about: 'Negotiates tail-spend purchases within set limits.' },
  { name: 'Predictive maintenance', unit: 'Operations', type: 'predictive', tags: ['ml', 'iot'], about: 'Predicts equipment failure from sensor data.' },
  { name: 'Field technician copilot', unit: 'Operations', type: 'copilot', tags: ['genai', 'rag', 'mobile'], about: 'Guides technicians through repairs from manuals.' },
  { name: 'Product recommendations', unit: 'Digital', type: 'recommendation', tags: ['ml', 'personalisation'], about: 'Recommends products on site and app.' },
  { name: 'Shopping assistant', unit: 'Digital', type: 'chatbot', tags: ['genai', 'commerce'], about: 'Conversational product search for customers.' },
  { name: 'Sales call preparation', unit: 'Sales', type: 'copilot', tags: ['genai', 'crm'], about: 'Briefs account managers before customer meetings.' },
  { name: 'Lead scoring', unit: 'Sales', type: 'predictive', tags: ['ml', 'crm'], about: 'Scores inbound leads by conversion likelihood.' },
  { name: 'Claims document intake', unit: 'Operations', type: 'document_intelligence', tags: ['ocr', 'genai', 'claims'], about: 'Classifies and extracts claim documents on arrival.' },
  { name: 'Enterprise search', unit: 'Technology', type: 'chatbot', tags: ['genai', 'rag', 'knowledge'], about: 'Answers questions across intranet, wiki and drives.' },
  { name: 'Data quality anomaly detection', unit: 'Technology', type: 'other', tags: ['ml', 'data-quality'], about: 'Detects anomalies in pipeline data before it reaches reports.' },
  { name: 'Meeting notes and actions', unit: 'Technology', type: 'copilot', tags: ['genai', 'productivity'], about: 'Summarises meetings and extracts action items.' },
  { name: 'Pricing optimisation', unit: 'Sales', type: 'recommendation', tags: ['ml', 'pricing'], about: 'Recommends price moves within margin guardrails.' },
  { name: 'Onboarding KYC verification', unit: 'Risk', type: 'document_intelligence', tags: ['ocr', 'kyc'], about: 'Verifies identity documents during onboarding.' },
  { name: 'Workforce scheduling', unit: 'Operations', type: 'other', tags: ['optimisation'], about: 'Optimises shift schedules against forecast demand.' },
  { name: 'IT service desk agent', unit: 'Technology', type: 'autonomous_agent', tags: ['agentic', 'itsm'], about: 'Resolves password resets and access requests end to end.' },
  { name: 'Sentiment and voice-of-customer', unit: 'Marketing', type: 'other', tags: ['nlp', 'insights'], about: 'Themes and sentiment from reviews and surveys.' },
  { name: 'Learning content tutor', unit: 'HR', type: 'chatbot', tags: ['genai', 'learning'], about: 'Personal tutor over the internal learning catalogue.' },
  { name: 'Quality inspection vision', unit: 'Operations', type: 'predictive', tags: ['vision', 'manufacturing'], about: 'Detects defects on the production line from images.' },
  { name: 'Board pack drafting', unit: 'Finance', type: 'copilot', tags: ['genai', 'reporting'], about: 'Drafts commentary for monthly board packs.' },
  { name: 'Supplier risk monitoring', unit: 'Supply Chain', type: 'other', tags: ['nlp', 'risk'], about: 'Watches news and filings for supplier risk events.' },
];

export const REGIONS = ['EMEA', 'Americas', 'APAC', 'UK', 'Nordics', 'DACH', 'LATAM', 'North America', 'Iberia', 'ANZ'] as const;

export const FIRST_NAMES = [
  'Amara', 'Ben', 'Chen', 'Dara', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia',
  'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zane', 'Aisha', 'Bruno', 'Carla',
  'Diego', 'Eva', 'Felix', 'Greta', 'Hannah', 'Ivan', 'Julia', 'Karim', 'Lucia', 'Marek', 'Noor', 'Oskar',
] as const;

export const LAST_NAMES = [
  'Okafor', 'Lindqvist', 'Nakamura', 'Fernandes', 'Kowalski', 'Haddad', 'Osei', 'Moreau', 'Schmidt', 'Patel', 'Rossi',
  'Novak', 'Ibrahim', 'García', 'Johansson', 'Murphy', 'Tanaka', 'Silva', 'Dubois', 'Kim', 'Nowak', 'Costa', 'Berg',
  'Mensah', 'Varga', 'Ahmed', 'Larsen', 'Romero', 'Weber', 'Singh',
] as const;

export const SPONSOR_TITLES = ['VP Customer Operations', 'Chief Operating Officer', 'Head of Finance Operations', 'Director of Marketing', 'Chief Risk Officer', 'Head of Supply Chain', 'VP Sales', 'Chief People Officer', 'General Counsel', 'CIO'] as const;
export const PO_TITLES = ['AI Product Owner', 'Senior Product Manager, AI', 'Product Lead, Automation', 'Digital Product Owner'] as const;
export const LEAD_TITLES = ['ML Engineering Lead', 'Staff Data Scientist', 'Solutions Architect', 'Principal Engineer', 'MLOps Lead'] as const;

export const PHASE_REASONS = [
  'Gate review passed',
  'Business case approved by steering committee',
  'Data access agreed with owners',
  'Architecture board sign-off',
  'Validation results met acceptance criteria',
  'Go-live approved by change advisory board',
  'Hypercare exit criteria met',
  'Value confirmed against baseline',
] as const;
