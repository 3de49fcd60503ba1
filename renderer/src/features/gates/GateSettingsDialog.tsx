import { useState, type FormEvent } from 'react';
import { create } from 'zustand';
import type { GateSettings } from '../../../../shared/domain/gateReview';
import {
  defaultRequiredRoles,
  GATEKEEPER_ROLES,
  GATES,
  type GateId,
  type GatekeeperRole,
} from '../../../../shared/domain/governance/gates';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';
import { gateIssues, type GateErrors } from './gateFormat';

/** Whether the gate settings dialog is open; the command palette opens it. */
export const useGateSettingsDialog = create<{ open: boolean; setOpen: (open: boolean) => void }>((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

export function openGateSettings(): void {
  useGateSettingsDialog.getState().setOpen(true);
}

/** The owner triad always signs; these are the roles a portfolio can add per gate. */
const TRIAD: readonly GatekeeperRole[] = ['BUSINESS_SPONSOR', 'AI_PRODUCT_OWNER', 'TECH_LEAD'];
const EXTRA_ROLES = GATEKEEPER_ROLES.filter((r) => !TRIAD.includes(r.id));
const MB = 1024 * 1024;
/** What a gate always asks for, whatever the initiative (G4's AI governance board depends on it, so is left out). */
const builtIn = (gate: GateId) => defaultRequiredRoles(gate, { riskTier: 'minimal', type: 'other' });

export function GateSettingsHost() {
  const open = useGateSettingsDialog((s) => s.open);
  if (!open) return null;
  return <GateSettingsLoader />;
}

function GateSettingsLoader() {
  const close = () => useGateSettingsDialog.getState().setOpen(false);
  // Read once: the form edits a draft, and a refetch must not overwrite what the user is changing.
  const settings = useQuery('gate/settings', undefined, []);
  if (!settings.data) {
    return (
      <Dialog title="Gate settings" onClose={close} size="large" testId="gate-settings">
        <p className="muted">{settings.error !== undefined ? errorMessage(settings.error) : 'Loading…'}</p>
      </Dialog>
    );
  }
  return <GateSettingsDialog settings={settings.data} onClose={close} />;
}

function GateSettingsDialog({ settings, onClose }: { settings: GateSettings; onClose: () => void }) {
  const [extra, setExtra] = useState<Partial<Record<GateId, GatekeeperRole[]>>>(settings.extraRoles);
  const [maxMb, setMaxMb] = useState(String(Math.round((settings.evidenceMaxBytes / MB) * 100) / 100));
  const [errors, setErrors] = useState<GateErrors>({});
  const [busy, setBusy] = useState(false);

  const toggle = (gate: GateId, role: GatekeeperRole, on: boolean) => {
    const current = extra[gate] ?? [];
    const next = on ? [...current, role] : current.filter((r) => r !== role);
    setExtra({ ...extra, [gate]: GATEKEEPER_ROLES.map((r) => r.id).filter((r) => next.includes(r)) });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const mb = Number(maxMb.trim());
    if (!maxMb.trim() || !Number.isFinite(mb) || mb <= 0) {
      setErrors({ evidenceMaxBytes: 'Enter a size in MB, e.g. 100' });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await invoke('gate/setSettings', { extraRoles: extra, evidenceMaxBytes: Math.round(mb * MB) });
      toast.change('Saved gate settings');
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) setErrors(gateIssues(err.issues));
      else setErrors({ '': errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const rolesError = Object.entries(errors).find(([k]) => k.startsWith('extraRoles'))?.[1];
  return (
    <Dialog
      title="Gate settings"
      onClose={onClose}
      size="large"
      testId="gate-settings"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="gate-settings-form" className="button primary" disabled={busy} data-testid="save">
            Save settings
          </button>
        </>
      }
    >
      <form id="gate-settings-form" className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        {errors[''] && (
          <p className="form-error" role="alert">
            {errors['']}
          </p>
        )}
        <div>
          <h3 id="gate-settings-roles">Extra sign-offs per gate</h3>
          <p className="muted small-text">
            The owner triad always signs, and some gates add their own (G4: security, privacy, legal). Tick the roles
            that must also approve a Go.
          </p>
          <div className="gate-settings-scroll">
            <table className="history-table gate-settings-table" aria-labelledby="gate-settings-roles">
              <thead>
                <tr>
                  <th scope="col">Gate</th>
                  {EXTRA_ROLES.map((r) => (
                    <th key={r.id} scope="col">
                      {r.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {GATES.map((g) => (
                  <tr key={g.id} data-testid="settings-gate-row" data-gate={g.id}>
                    <th scope="row">
                      {g.id} <span className="muted gate-settings-name">{g.name}</span>
                    </th>
                    {EXTRA_ROLES.map((r) => {
                      const always = builtIn(g.id).includes(r.id);
                      return (
                        <td key={r.id}>
                          <input
                            type="checkbox"
                            aria-label={`${g.id} needs ${r.label}${always ? ' (always)' : ''}`}
                            title={always ? `${g.id} always needs ${r.label}` : undefined}
                            checked={always || (extra[g.id] ?? []).includes(r.id)}
                            disabled={always}
                            onChange={(e) => toggle(g.id, r.id, e.target.checked)}
                            data-role={r.id}
                          />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rolesError && <p className="field-error">{rolesError}</p>}
        </div>
        <Field label="Largest evidence file (MB)" error={errors.evidenceMaxBytes} hint="Files above this are refused">
          <input
            className="input gate-settings-mb"
            name="evidenceMaxMb"
            inputMode="decimal"
            value={maxMb}
            onChange={(e) => setMaxMb(e.target.value)}
            autoComplete="off"
          />
        </Field>
      </form>
    </Dialog>
  );
}
