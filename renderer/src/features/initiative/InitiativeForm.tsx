import { useDraftForm } from './useDraftForm';
import { VocabularySelect } from '../../components/VocabularySelect';
import {
  INITIATIVE_TYPES,
  RISK_TIERS,
  STATUSES,
  type InitiativeStatus,
  type InitiativeType,
  type RiskTier,
} from '../../../../shared/domain/enums';
import {
  LIMITS,
  type Initiative,
  type InitiativeCreateInput,
  type InitiativePatch,
} from '../../../../shared/domain/initiative';
import { PHASES, type PhaseId } from '../../../../shared/domain/phases';
import { errorMessage, invoke } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';
import { useUi } from '../../store/ui';
import type { FieldErrors } from './issues';

/** Everything the form edits, as the strings its controls hold. */
interface Draft {
  name: string;
  description: string;
  businessUnit: string;
  type: InitiativeType;
  phase: PhaseId;
  status: InitiativeStatus;
  riskTier: RiskTier;
  tags: string;
  sponsorId: string;
  productOwnerId: string;
  techLeadId: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string;
  actualEnd: string;
}

const BLANK: Draft = {
  name: '',
  description: '',
  businessUnit: '',
  type: 'other',
  phase: 'STRATEGY',
  status: 'active',
  riskTier: 'unclassified',
  tags: '',
  sponsorId: '',
  productOwnerId: '',
  techLeadId: '',
  plannedStart: '',
  plannedEnd: '',
  actualStart: '',
  actualEnd: '',
};

function draftFrom(i: Initiative): Draft {
  const id = (v: number | null) => (v === null ? '' : String(v));
  return {
    name: i.name,
    description: i.description,
    businessUnit: i.businessUnit,
    type: i.type,
    phase: i.phase,
    status: i.status,
    riskTier: i.riskTier,
    tags: i.tags.join(', '),
    sponsorId: id(i.sponsorId),
    productOwnerId: id(i.productOwnerId),
    techLeadId: id(i.techLeadId),
    plannedStart: i.plannedStart ?? '',
    plannedEnd: i.plannedEnd ?? '',
    actualStart: i.actualStart ?? '',
    actualEnd: i.actualEnd ?? '',
  };
}

export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

const TAG_RE = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u;

/** The obvious mistakes, caught before a round trip; the core re-checks everything. */
export function checkDraft(d: Draft): FieldErrors {
  const e: FieldErrors = {};
  if (!d.name.trim()) e.name = 'Name is required';
  else if (d.name.trim().length > LIMITS.name) e.name = `Name must be at most ${LIMITS.name} characters`;
  if (d.description.length > LIMITS.description)
    e.description = `Description must be at most ${LIMITS.description} characters`;
  if (d.businessUnit.trim().length > LIMITS.businessUnit)
    e.businessUnit = `Business unit must be at most ${LIMITS.businessUnit} characters`;
  const tags = parseTags(d.tags);
  if (tags.length > LIMITS.tags) e.tags = `At most ${LIMITS.tags} tags`;
  else if (tags.some((t) => t.length > LIMITS.tag)) e.tags = `A tag must be at most ${LIMITS.tag} characters`;
  else if (tags.some((t) => !TAG_RE.test(t))) e.tags = 'Tags use letters, digits, space, . _ / -';
  if (d.plannedStart && d.plannedEnd && d.plannedEnd < d.plannedStart)
    e.plannedEnd = 'Planned end is before planned start';
  if (d.actualStart && d.actualEnd && d.actualEnd < d.actualStart) e.actualEnd = 'Actual end is before actual start';
  return e;
}

const idOrNull = (s: string) => (s ? Number(s) : null);
const dateOrNull = (s: string) => (s ? s : null);

function fields(d: Draft): Omit<InitiativeCreateInput, 'phase'> {
  return {
    name: d.name,
    description: d.description,
    businessUnit: d.businessUnit,
    type: d.type,
    status: d.status,
    riskTier: d.riskTier,
    tags: parseTags(d.tags),
    sponsorId: idOrNull(d.sponsorId),
    productOwnerId: idOrNull(d.productOwnerId),
    techLeadId: idOrNull(d.techLeadId),
    plannedStart: dateOrNull(d.plannedStart),
    plannedEnd: dateOrNull(d.plannedEnd),
    actualStart: dateOrNull(d.actualStart),
    actualEnd: dateOrNull(d.actualEnd),
  };
}

/** Opens the form for whatever the UI store asks: create, or edit once the initiative is loaded. */
export function InitiativeFormHost() {
  const form = useUi((s) => s.form);
  if (!form) return null;
  if (form.mode === 'create') return <InitiativeForm key="create" initial={BLANK} />;
  return <EditLoader key={form.id} id={form.id} />;
}

function EditLoader({ id }: { id: number }) {
  const detail = useQuery('initiative/get', { id }, []);
  const close = () => useUi.getState().openForm(null);
  if (detail.error !== undefined)
    return (
      <Dialog title="Edit initiative" onClose={close} size="small">
        <p role="alert">{errorMessage(detail.error)}</p>
      </Dialog>
    );
  if (!detail.data) return null;
  return <InitiativeForm id={id} initial={draftFrom(detail.data.initiative)} original={detail.data.initiative} />;
}

interface InitiativeFormProps {
  initial: Draft;
  /** Present when editing. */
  id?: number;
  original?: Initiative;
}

function InitiativeForm({ initial, id, original }: InitiativeFormProps) {
  const editing = id !== undefined;
  const people = useQuery('person/list', undefined, ['people']);
  const units = useQuery('initiative/businessUnits', undefined, ['initiatives']);
  const close = () => useUi.getState().openForm(null);

  const { draft, errors, formError, busy, set, submit } = useDraftForm<Draft>(initial, {
    formId: 'initiative-form',
    check: checkDraft,
    save: async (d) => {
      if (editing) {
        const patch: InitiativePatch = fields(d);
        const saved = await invoke('initiative/update', { id, patch });
        toast.change(`Saved “${saved.name}”`);
      } else {
        const created = await invoke('initiative/create', { ...fields(d), phase: d.phase });
        toast.change(`Created “${created.name}”`);
        useUi.getState().openDetail(created.id);
      }
      close();
    },
  });

  const personOptions = (people.data ?? []).map((p) => (
    <option key={p.id} value={String(p.id)}>
      {p.name}
      {p.title ? ` — ${p.title}` : ''}
    </option>
  ));

  return (
    <FormDialog
      title={editing ? `Edit “${original?.name ?? ''}”` : 'New initiative'}
      onClose={close}
      size="large"
      formId="initiative-form"
      submitLabel={editing ? 'Save changes' : 'Create initiative'}
      busy={busy}
      formError={formError}
      onSubmit={submit}
    >
      <Field label="Name" error={errors.name} className="span-2">
        <input
          className="input"
          name="name"
          value={draft.name}
          onChange={set('name')}
          maxLength={LIMITS.name + 50}
          data-autofocus
          required
        />
      </Field>
      <Field label="Description" error={errors.description} className="span-2">
        <textarea
          className="input"
          name="description"
          rows={3}
          value={draft.description}
          onChange={set('description')}
        />
      </Field>
      <Field label="Business unit" error={errors.businessUnit}>
        <input
          className="input"
          name="businessUnit"
          list="business-units"
          value={draft.businessUnit}
          onChange={set('businessUnit')}
          autoComplete="off"
        />
      </Field>
      <datalist id="business-units">
        {(units.data ?? []).map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
      <Field label="Type" error={errors.type}>
        <VocabularySelect name="type" value={draft.type} onChange={set('type')} items={INITIATIVE_TYPES.items} />
      </Field>
      {!editing && (
        <Field label="Phase" error={errors.phase}>
          <select className="select" name="phase" value={draft.phase} onChange={set('phase')}>
            {PHASES.map((p) => (
              <option key={p.id} value={p.id}>
                {p.n}. {p.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Status" error={errors.status}>
        <VocabularySelect name="status" value={draft.status} onChange={set('status')} items={STATUSES.items} />
      </Field>
      <Field label="EU AI Act risk tier" error={errors.riskTier}>
        <VocabularySelect name="riskTier" value={draft.riskTier} onChange={set('riskTier')} items={RISK_TIERS.items} />
      </Field>
      <Field label="Tags" error={errors.tags} hint="Separate with commas" className={editing ? 'span-2' : undefined}>
        <input
          className="input"
          name="tags"
          value={draft.tags}
          onChange={set('tags')}
          autoComplete="off"
          placeholder="e.g. genai, customer"
        />
      </Field>
      <fieldset className="span-2 owner-fields">
        <legend>Owners</legend>
        <Field label="Business sponsor" error={errors.sponsorId}>
          <select className="select" name="sponsorId" value={draft.sponsorId} onChange={set('sponsorId')}>
            <option value="">— none —</option>
            {personOptions}
          </select>
        </Field>
        <Field label="AI product owner" error={errors.productOwnerId}>
          <select
            className="select"
            name="productOwnerId"
            value={draft.productOwnerId}
            onChange={set('productOwnerId')}
          >
            <option value="">— none —</option>
            {personOptions}
          </select>
        </Field>
        <Field label="Tech lead" error={errors.techLeadId}>
          <select className="select" name="techLeadId" value={draft.techLeadId} onChange={set('techLeadId')}>
            <option value="">— none —</option>
            {personOptions}
          </select>
        </Field>
      </fieldset>
      <fieldset className="span-2 date-fields">
        <legend>Dates</legend>
        <Field label="Planned start" error={errors.plannedStart}>
          <input
            className="input"
            type="date"
            name="plannedStart"
            value={draft.plannedStart}
            onChange={set('plannedStart')}
          />
        </Field>
        <Field label="Planned end" error={errors.plannedEnd}>
          <input
            className="input"
            type="date"
            name="plannedEnd"
            value={draft.plannedEnd}
            onChange={set('plannedEnd')}
          />
        </Field>
        <Field label="Actual start" error={errors.actualStart}>
          <input
            className="input"
            type="date"
            name="actualStart"
            value={draft.actualStart}
            onChange={set('actualStart')}
          />
        </Field>
        <Field label="Actual end" error={errors.actualEnd}>
          <input className="input" type="date" name="actualEnd" value={draft.actualEnd} onChange={set('actualEnd')} />
        </Field>
      </fieldset>
    </FormDialog>
  );
}
