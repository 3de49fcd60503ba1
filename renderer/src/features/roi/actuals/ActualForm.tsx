import { BENEFIT_TYPES, COST_CATEGORIES } from '../../../../../shared/domain/roi/schema';
import { ACTUAL_LIMITS, ACTUAL_SIDES, type ActualSide, type RoiActual } from '../../../../../shared/domain/roiActuals';
import { invoke } from '../../../api/client';
import { Field } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { VocabularySelect } from '../../../components/VocabularySelect';
import { toast } from '../../../store/toasts';
import type { FieldErrors } from '../../initiative/issues';
import { useDraftForm } from '../../initiative/useDraftForm';
import { formatMoney, parseNumber } from '../roiFormat';

interface Draft {
  month: string;
  side: ActualSide;
  category: string;
  amount: string;
  note: string;
}

const FIRST: Record<ActualSide, string> = { cost: COST_CATEGORIES.ids[0], benefit: BENEFIT_TYPES.ids[0] };

const itemsOf = (side: ActualSide) => (side === 'cost' ? COST_CATEGORIES.items : BENEFIT_TYPES.items);

/** Only what cannot be sent at all is caught here; the core's rules (0 or more, month, category) say the rest. */
function checkDraft(d: Draft): FieldErrors {
  const e: FieldErrors = {};
  if (!d.month.trim()) e.month = 'Use a month like 2026-03';
  if (!d.amount.trim()) e.amount = 'Enter an amount';
  else if (parseNumber(d.amount) === null) e.amount = 'Enter an amount as a number, e.g. 12500';
  return e;
}

interface ActualFormProps {
  initiativeId: number;
  /** Present when editing. */
  entry?: RoiActual;
  /** The month a new entry starts at (this month). */
  defaultMonth: string;
  onClose: () => void;
}

/** Add or edit one actual cost or benefit; errors show beside their fields, whether found here or by the core. */
export function ActualForm({ initiativeId, entry, defaultMonth, onClose }: ActualFormProps) {
  const initial: Draft = entry
    ? {
        month: entry.month,
        side: entry.side,
        category: entry.category,
        amount: String(entry.amount),
        note: entry.note,
      }
    : { month: defaultMonth, side: 'cost', category: FIRST.cost, amount: '', note: '' };
  const { draft, setDraft, errors, formError, busy, set, submit } = useDraftForm<Draft>(initial, {
    formId: 'actual-form',
    check: checkDraft,
    save: async (d) => {
      const saved = await invoke('roi/actuals/save', {
        initiativeId,
        ...(entry ? { id: entry.id } : {}),
        month: d.month.trim(),
        side: d.side,
        category: d.category,
        amount: parseNumber(d.amount) ?? Number.NaN,
        note: d.note,
      });
      toast.change(
        `${entry ? 'Saved' : 'Added'} actual ${saved.side} of ${formatMoney(saved.amount)} for ${saved.month}`,
      );
      onClose();
    },
  });

  const setSide = (e: { target: { value: string } }) => {
    const side = e.target.value as ActualSide;
    // A cost category is no benefit type: switching sides starts the category over.
    setDraft((d) => (d.side === side ? d : { ...d, side, category: FIRST[side] }));
  };

  return (
    <FormDialog
      title={entry ? 'Edit actual' : 'Add actual'}
      onClose={onClose}
      size="medium"
      formId="actual-form"
      submitLabel={entry ? 'Save changes' : 'Add actual'}
      busy={busy}
      formError={formError}
      onSubmit={submit}
    >
      <Field label="Month" error={errors.month} hint="The calendar month it was spent or realised in">
        <input
          className="input"
          type="month"
          name="month"
          value={draft.month}
          onChange={set('month')}
          max={defaultMonth}
          data-autofocus
        />
      </Field>
      <Field label="Cost or benefit" error={errors.side}>
        <VocabularySelect name="side" value={draft.side} onChange={setSide} items={ACTUAL_SIDES.items} />
      </Field>
      <Field label={draft.side === 'cost' ? 'Cost category' : 'Benefit type'} error={errors.category}>
        <VocabularySelect
          name="category"
          value={draft.category}
          onChange={set('category')}
          items={itemsOf(draft.side)}
        />
      </Field>
      <Field label="Amount ($)" error={errors.amount}>
        <input
          className="input"
          name="amount"
          inputMode="decimal"
          value={draft.amount}
          onChange={set('amount')}
          autoComplete="off"
        />
      </Field>
      <Field label="Note" error={errors.note} className="span-2" hint="Invoice, source, why it differs from plan">
        <input
          className="input"
          name="note"
          value={draft.note}
          onChange={set('note')}
          maxLength={ACTUAL_LIMITS.note}
          autoComplete="off"
        />
      </Field>
    </FormDialog>
  );
}
