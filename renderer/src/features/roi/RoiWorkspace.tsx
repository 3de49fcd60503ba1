import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { phaseNumber } from '../../../../shared/domain/phases';
import type { ModelView } from '../../../../shared/domain/roi/evaluate';
import {
  SCENARIO_KINDS,
  type RoiScenarioDetail,
  type RoiScenarioSummary,
  type ScenarioKind,
} from '../../../../shared/domain/roiScenario';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { redo, reportError, undo } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { toast } from '../../store/toasts';
import { useUi } from '../../store/ui';
import { PlanVsActual } from './actuals/PlanVsActual';
import { ScenarioCompare } from './compare/ScenarioCompare';
import { EditorContext } from './editor/fields';
import { ModelEditor, type LineAmounts } from './editor/ModelEditor';
import { ScenarioDialog } from './editor/ScenarioDialog';
import { useModelDraft } from './editor/useModelDraft';
import { ResultsPanel } from './results/ResultsPanel';
import { SimulationPanel } from './simulation/SimulationPanel';
import './roi.css';

export const ROI_TABLES = ['roi_scenarios'];

/** The scenario the next workspace opens on (set by whoever opens it for a given scenario). */
let preferredScenario: number | null = null;

/** Opens the workspace of an initiative, on one of its scenarios. */
export function openRoiScenario(initiativeId: number, scenarioId: number | null): void {
  preferredScenario = scenarioId;
  useUi.getState().openRoi(initiativeId);
}

/** Mounted once in the main layout: the ROI workspace of `useUi().roiInitiativeId`. */
export function RoiWorkspaceHost() {
  const id = useUi((s) => s.roiInitiativeId);
  return id === null ? null : <RoiWorkspace key={id} initiativeId={id} />;
}

/** The kind a new scenario gets: current, unless another scenario already is. */
export function freeKind(list: readonly RoiScenarioSummary[], wanted: ScenarioKind = 'current'): ScenarioKind {
  return wanted !== 'what_if' && list.some((s) => s.kind === wanted) ? 'what_if' : wanted;
}

/** A name no scenario of the initiative has yet. */
export function freeName(list: readonly RoiScenarioSummary[], base: string): string {
  const taken = new Set(list.map((s) => s.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}

/**
 * Ctrl/Cmd+S saves the shown scenario; Ctrl/Cmd+Z (and Shift+Z / Y) outside a text field undoes (redoes)
 * the last saved change: the app-wide shortcuts stand down while a dialog is open, and this workspace is
 * one. Registered by the workspace itself, not the scenario inside it, so they work while a scenario loads.
 */
function useWorkspaceKeys(saveRef: { current: (() => void) | null }): void {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.defaultPrevented) return;
      const dialog = document.querySelector('[data-testid="roi-workspace"]');
      // Only while the workspace is the top dialog; focus on the body (a click on nothing) counts as inside.
      const topmost = dialog !== null && [...document.querySelectorAll('[aria-modal="true"]')].at(-1) === dialog;
      const inside = e.target === document.body || (e.target instanceof Node && dialog?.contains(e.target));
      if (!topmost || !inside) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        saveRef.current?.();
      } else if (key === 'z' && !e.shiftKey && !isTextEditing(e.target)) {
        e.preventDefault();
        void undo();
      } else if (((key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey)) && !isTextEditing(e.target)) {
        e.preventDefault();
        void redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [saveRef]);
}

type Pending = { what: 'close' } | { what: 'switch'; id: number } | { what: 'create'; mode: 'template' | 'blank' };

function RoiWorkspace({ initiativeId }: { initiativeId: number }) {
  const close = () => useUi.getState().openRoi(null);
  const initiative = useQuery('initiative/get', { id: initiativeId }, ['initiatives']);
  const list = useQuery('roi/list', { initiativeId }, ROI_TABLES);
  const [selected, setSelected] = useState<number | null>(() => {
    const p = preferredScenario;
    preferredScenario = null;
    return p;
  });
  const [pending, setPending] = useState<Pending | null>(null);
  // Kept here so switching scenarios stays on the tab being read (Results of one, then of the other).
  const [tab, setTab] = useState<TabId>('model');
  const dirty = useRef(false);
  const saveRef = useRef<(() => void) | null>(null);
  useWorkspaceKeys(saveRef);

  const scenarios = list.data ?? [];
  const shownId = scenarios.some((s) => s.id === selected) ? selected : (scenarios[0]?.id ?? null);
  const detail = useQuery('roi/get', { id: shownId ?? 0 }, ROI_TABLES, shownId !== null);
  const gone = isApiError(initiative.error, 'NOT_FOUND');
  useEffect(() => {
    if (gone) close();
  }, [gone]);

  const guarded = (p: Pending) => {
    if (dirty.current) setPending(p);
    else if (p.what === 'close') close();
    else if (p.what === 'switch') setSelected(p.id);
    else setPending(p);
  };

  const name = initiative.data?.initiative.name;
  const phase = initiative.data ? phaseNumber(initiative.data.initiative.phase) : null;
  const d = detail.data && detail.data.scenario.id === shownId ? detail.data : null;

  return (
    <>
      <Dialog
        title={name ? `ROI model · ${name}` : 'ROI model'}
        onClose={() => guarded({ what: 'close' })}
        size="large"
        testId="roi-workspace"
      >
        {list.error !== undefined ? (
          <p role="alert">{errorMessage(list.error)}</p>
        ) : !list.data || !initiative.data ? (
          <p className="muted" role="status">
            Loading…
          </p>
        ) : scenarios.length === 0 ? (
          <div className="empty-state roi-empty" data-testid="roi-workspace-empty">
            <p>No ROI model yet. Start from the worked example, or from a blank model.</p>
            <div className="button-row">
              <button
                type="button"
                className="button primary"
                data-testid="roi-from-template"
                onClick={() => setPending({ what: 'create', mode: 'template' })}
              >
                Start from template…
              </button>
              <button
                type="button"
                className="button"
                data-testid="roi-blank"
                onClick={() => setPending({ what: 'create', mode: 'blank' })}
              >
                Blank model
              </button>
            </div>
          </div>
        ) : detail.error !== undefined && !d && !isApiError(detail.error, 'NOT_FOUND') ? (
          <p role="alert">{errorMessage(detail.error)}</p>
        ) : !d ? (
          <p className="muted" role="status">
            Loading…
          </p>
        ) : (
          <ScenarioWorkspace
            key={d.scenario.id}
            detail={d}
            scenarios={scenarios}
            phase={phase}
            initiativeId={initiativeId}
            dirtyRef={dirty}
            tab={tab}
            setTab={setTab}
            saveRef={saveRef}
            onSwitch={(id) => guarded({ what: 'switch', id })}
            onShow={(id) => {
              dirty.current = false;
              setSelected(id);
            }}
          />
        )}
      </Dialog>
      {(pending?.what === 'close' || pending?.what === 'switch') && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          confirmLabel="Discard changes"
          destructive
          onCancel={() => setPending(null)}
          onConfirm={() => {
            dirty.current = false;
            setPending(null);
            if (pending.what === 'close') close();
            else setSelected(pending.id);
          }}
        >
          <p>The model has edits that are not saved. Discard them?</p>
        </ConfirmDialog>
      )}
      {pending?.what === 'create' && (
        <ScenarioDialog
          title={pending.mode === 'template' ? 'Start from a template' : 'New blank model'}
          submitLabel="Create"
          withTemplates={pending.mode === 'template'}
          initialName={pending.mode === 'template' ? '' : freeName(scenarios, 'Current plan')}
          initialKind={freeKind(scenarios)}
          onClose={() => setPending(null)}
          onSubmit={async (f) => {
            const saved =
              pending.mode === 'template'
                ? await invoke('roi/fromTemplate', {
                    initiativeId,
                    templateId: f.templateId,
                    name: f.name,
                    kind: f.kind,
                  })
                : await invoke('roi/save', { initiativeId, name: f.name, kind: f.kind, model: {} });
            toast.change(`Added ROI scenario “${saved.scenario.name}”`);
            setSelected(saved.scenario.id);
            setPending(null);
          }}
        />
      )}
    </>
  );
}

/** Each line's amounts by its place in the model (`costs.0`, `benefits.2`), for the editor's line cards. */
function lineAmounts(view: ModelView): Map<string, LineAmounts> {
  const out = new Map<string, LineAmounts>();
  const next = { cost: 0, benefit: 0 };
  for (const r of view.lines) out.set(`${r.side === 'cost' ? 'costs' : 'benefits'}.${next[r.side]++}`, r);
  return out;
}

const TABS = [
  { id: 'model', label: 'Model' },
  { id: 'results', label: 'Results' },
  { id: 'simulation', label: 'Simulation' },
  { id: 'compare', label: 'Compare' },
  { id: 'actuals', label: 'Plan vs actual' },
] as const;
type TabId = (typeof TABS)[number]['id'];

type Open = { what: 'whatif' } | { what: 'rename' } | { what: 'delete' };

const isTextEditing = (t: EventTarget | null) =>
  t instanceof HTMLTextAreaElement ||
  (t instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(t.type)) ||
  (t instanceof HTMLElement && t.isContentEditable);

function ScenarioWorkspace({
  detail,
  scenarios,
  phase,
  initiativeId,
  dirtyRef,
  tab,
  setTab,
  saveRef,
  onSwitch,
  onShow,
}: {
  /** Where the workspace's Ctrl/Cmd+S finds this scenario's save. */
  saveRef: { current: (() => void) | null };
  tab: TabId;
  setTab: (tab: TabId) => void;
  detail: RoiScenarioDetail;
  scenarios: RoiScenarioSummary[];
  phase: number | null;
  initiativeId: number;
  dirtyRef: { current: boolean };
  /** Asks to show another scenario (the workspace asks first when there are unsaved edits). */
  onSwitch: (id: number) => void;
  /** Shows another scenario now (its edits were saved or moved). */
  onShow: (id: number) => void;
}) {
  const s = detail.scenario;
  const m = useModelDraft(detail.model, phase);
  const [open, setOpen] = useState<Open | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [compareIds, setCompareIds] = useState<number[] | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const tabsId = useId();
  useEffect(() => {
    dirtyRef.current = m.dirty;
  });
  useEffect(
    () => () => {
      dirtyRef.current = false;
    },
    [dirtyRef],
  );

  // The stored model changed under us (an undo, another window): follow it unless there are edits.
  const [seen, setSeen] = useState(s.updatedAt);
  if (seen !== s.updatedAt) {
    setSeen(s.updatedAt);
    if (!m.dirty) m.reset(detail.model);
  }

  const save = async () => {
    if (saving) return;
    setSaveError(null);
    if (!m.model) {
      m.reveal();
      setTab('model');
      requestAnimationFrame(() => root.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    // Saving what is stored would only add an empty step to the undo history.
    if (!m.dirty) {
      toast.info('No changes to save');
      return;
    }
    setSaving(true);
    try {
      const saved = await invoke('roi/save', { initiativeId, id: s.id, name: s.name, kind: s.kind, model: m.model });
      m.reset(saved.model);
      toast.change(`Saved ROI scenario “${saved.scenario.name}”`);
    } catch (e) {
      if (isApiError(e, 'VALIDATION') && e.issues.length) {
        const model = e.issues.filter((i) => i.path.startsWith('model.'));
        m.setServerIssues(model.map((i) => ({ path: i.path.slice('model.'.length), message: i.message })));
        m.reveal();
        setSaveError(e.issues.find((i) => !i.path.startsWith('model.'))?.message ?? e.message);
      } else setSaveError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  // The workspace's Ctrl/Cmd+S saves this scenario (see useWorkspaceKeys).
  useEffect(() => {
    saveRef.current = () => void save();
  });
  useEffect(
    () => () => {
      saveRef.current = null;
    },
    [saveRef],
  );
  // A scenario shown after a switch, a copy or an undo replaces the control that had the focus: keep it
  // inside the workspace (on the scenario switcher) so the keyboard still works.
  useEffect(() => {
    if (document.activeElement === document.body) root.current?.querySelector<HTMLElement>('select')?.focus();
  }, []);

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + TABS.length) % TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]!.id);
    requestAnimationFrame(() => document.getElementById(`${tabsId}-${TABS[next]!.id}`)?.focus());
  };

  const remove = async () => {
    try {
      await invoke('roi/delete', { id: s.id });
      dirtyRef.current = false;
      toast.change(`Deleted ROI scenario “${s.name}”`);
    } catch (e) {
      reportError(e);
    } finally {
      setOpen(null);
    }
  };

  const draftEval = m.evaluation;
  const savedEval = detail.evaluation.ok ? detail.evaluation : null;
  const results =
    draftEval && m.model ? { e: draftEval, model: m.model } : savedEval ? { e: savedEval, model: detail.model } : null;
  const note =
    draftEval && m.dirty
      ? 'Unsaved edits: these figures follow the model as edited.'
      : !draftEval && savedEval
        ? `The edited model has ${m.issues.length === 1 ? 'an error' : `${m.issues.length} errors`}: these are the saved figures.`
        : null;
  const simModel = m.model ?? detail.model;
  const { errorFor, touch } = m;
  const editorContext = useMemo(() => ({ errorFor, touch, readOnly: false }), [errorFor, touch]);
  const amounts = draftEval ? lineAmounts(draftEval.unadjusted) : null;
  const ticked = (compareIds ?? scenarios.slice(0, 4).map((x) => x.id)).filter((id) =>
    scenarios.some((x) => x.id === id),
  );
  const errorCount = m.issues.length;
  const warnings = results?.e.warnings.length ?? 0;

  return (
    <div className="roi-workspace" ref={root}>
      <div className="roi-bar">
        <label className="roi-switch">
          <span className="visually-hidden">Scenario</span>
          <select
            className="select"
            value={s.id}
            data-testid="roi-scenario-select"
            aria-label="Scenario"
            onChange={(e) => onSwitch(Number(e.target.value))}
          >
            {scenarios.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} · {SCENARIO_KINDS.label(x.kind)}
              </option>
            ))}
          </select>
        </label>
        <Chip tone={s.kind === 'what_if' ? 'neutral' : 'accent'}>{SCENARIO_KINDS.label(s.kind)}</Chip>
        <button
          type="button"
          className="button small"
          data-testid="roi-new-whatif"
          onClick={() => setOpen({ what: 'whatif' })}
        >
          New what-if
        </button>
        <button
          type="button"
          className="button small"
          data-testid="roi-rename"
          onClick={() => setOpen({ what: 'rename' })}
        >
          Rename / kind…
        </button>
        <button
          type="button"
          className="button small danger-outline"
          data-testid="roi-delete"
          onClick={() => setOpen({ what: 'delete' })}
        >
          Delete…
        </button>
        <span className="spacer" />
        {warnings > 0 && (
          <button
            type="button"
            className="link-button roi-warn-link"
            data-testid="roi-warnings-link"
            onClick={() => setTab('results')}
          >
            ⚠ {warnings === 1 ? '1 warning' : `${warnings} warnings`}
          </button>
        )}
        <span className="roi-status" role="status" data-testid="roi-status">
          {errorCount > 0 && (m.revealed || m.dirty) ? (
            <Chip tone="danger">{errorCount === 1 ? '1 error' : `${errorCount} errors`}</Chip>
          ) : m.dirty ? (
            <Chip tone="warning">Unsaved</Chip>
          ) : (
            <span className="muted small-text">Saved</span>
          )}
        </span>
        <button
          type="button"
          className="button primary"
          data-testid="roi-save"
          disabled={saving}
          onClick={() => void save()}
          title="Save (Ctrl+S)"
        >
          Save<kbd>Ctrl S</kbd>
        </button>
      </div>
      {saveError && (
        <p className="form-error" role="alert" data-testid="roi-save-error">
          {saveError}
        </p>
      )}
      {m.revealed && errorCount > 0 && (
        <p className="form-error" role="alert" data-testid="roi-invalid">
          Nothing was saved: fix the {errorCount === 1 ? 'field' : `${errorCount} fields`} marked below.
        </p>
      )}

      <div role="tablist" aria-label="ROI workspace" className="roi-tabs" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${tabsId}-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${tabsId}-${t.id}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            className={`roi-tab${tab === t.id ? ' active' : ''}`}
            data-testid={`roi-tab-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>

      <div
        role="tabpanel"
        id={`${tabsId}-${tab}-panel`}
        aria-labelledby={`${tabsId}-${tab}`}
        className="roi-panel"
        data-testid={`roi-panel-${tab}`}
      >
        {tab === 'model' && (
          <EditorContext.Provider value={editorContext}>
            <ModelEditor draft={m.draft} update={m.update} stray={m.stray} amounts={amounts} />
          </EditorContext.Provider>
        )}
        {tab === 'results' &&
          (results ? (
            <ResultsPanel evaluation={results.e} model={results.model} note={note} />
          ) : (
            <p className="form-error" role="alert">
              The model has {m.issues.length === 1 ? 'an error' : `${m.issues.length} errors`} and no saved figures: fix
              it on the Model tab.
            </p>
          ))}
        {tab === 'simulation' && <SimulationPanel model={simModel} phase={phase} />}
        {tab === 'compare' && (
          <div className="roi-compare">
            <fieldset className="roi-compare-pick">
              <legend>Compare 2 to 4 scenarios</legend>
              {scenarios.map((x) => {
                const on = ticked.includes(x.id);
                return (
                  <label key={x.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={!on && ticked.length >= 4}
                      onChange={(e) =>
                        setCompareIds(e.target.checked ? [...ticked, x.id] : ticked.filter((id) => id !== x.id))
                      }
                    />
                    {x.name} <span className="muted">({SCENARIO_KINDS.label(x.kind)})</span>
                  </label>
                );
              })}
            </fieldset>
            {ticked.length >= 2 ? (
              <ScenarioCompare initiativeId={initiativeId} scenarioIds={ticked} onClose={() => setTab('results')} />
            ) : (
              <p className="muted">
                {scenarios.length < 2
                  ? 'Only one scenario so far: add a what-if to compare against.'
                  : 'Tick at least two scenarios.'}
              </p>
            )}
          </div>
        )}
        {tab === 'actuals' && <PlanVsActual initiativeId={initiativeId} />}
      </div>

      {open?.what === 'whatif' && (
        <ScenarioDialog
          title="New what-if"
          submitLabel="Create what-if"
          initialName={freeName(scenarios, `${s.name} what-if`)}
          initialKind="what_if"
          intro={
            m.dirty && m.model
              ? `A copy of “${s.name}” with your unsaved edits; “${s.name}” keeps its saved version.`
              : m.dirty
                ? `A copy of the saved “${s.name}” (the edits on screen have errors and stay behind).`
                : `A copy of “${s.name}”.`
          }
          onClose={() => setOpen(null)}
          onSubmit={async (f) => {
            const saved = await invoke('roi/save', {
              initiativeId,
              name: f.name,
              kind: f.kind,
              model: m.model ?? detail.model,
            });
            toast.change(`Added ROI scenario “${saved.scenario.name}”`);
            setOpen(null);
            onShow(saved.scenario.id);
          }}
        />
      )}
      {open?.what === 'rename' && (
        <ScenarioDialog
          title={`Rename “${s.name}”`}
          submitLabel="Save"
          initialName={s.name}
          initialKind={s.kind}
          intro={m.dirty ? 'Saves the name and kind only; your model edits stay unsaved.' : undefined}
          onClose={() => setOpen(null)}
          onSubmit={async (f) => {
            await invoke('roi/save', { initiativeId, id: s.id, name: f.name, kind: f.kind, model: detail.model });
            toast.change(`Renamed ROI scenario “${f.name}”`);
            setOpen(null);
          }}
        />
      )}
      {open?.what === 'delete' && (
        <ConfirmDialog
          title="Delete scenario?"
          confirmLabel="Delete"
          destructive
          onConfirm={remove}
          onCancel={() => setOpen(null)}
        >
          <p>
            Delete the ROI scenario <strong>“{s.name}”</strong>
            {m.dirty ? ' and the unsaved edits' : ''}? You can undo this right after (Ctrl+Z).
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
