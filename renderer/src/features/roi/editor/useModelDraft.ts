import { useCallback, useMemo, useState } from 'react';
import type { FieldIssue } from '../../../../../shared/errors';
import { evaluateModel, type ModelEvaluation } from '../../../../../shared/domain/roi/evaluate';
import { validateModel } from '../../../../../shared/domain/roi/model';
import { roiModelSchema, type RoiModel } from '../../../../../shared/domain/roi/schema';
import { draftToModel, fieldPaths, issueMap, modelToDraft, type Draft } from './draft';

export interface ModelDraft {
  draft: Draft;
  update: (f: (d: Draft) => Draft) => void;
  /** Back to the saved model (after a save, or to discard). */
  reset: (model: RoiModel) => void;
  dirty: boolean;
  /** Every issue with the draft: texts that are not numbers first, then the engine's. */
  issues: FieldIssue[];
  /** The draft as a valid model, or null while it has issues. */
  model: RoiModel | null;
  /** The draft's evaluation when it is valid. */
  evaluation: Extract<ModelEvaluation, { ok: true }> | null;
  /** Visible error per path: after the field was left, after a save attempt, or from the core. */
  errorFor: (path: string) => string | undefined;
  touch: (path: string) => void;
  /** Shows every error (a save was tried). */
  reveal: () => void;
  revealed: boolean;
  /** Issues from the core's refusal, by path (without `model.`). */
  setServerIssues: (issues: FieldIssue[]) => void;
  /** Visible issues that no field shows. */
  stray: FieldIssue[];
}

type Item = Record<string, unknown>;
const finiteOr = (x: unknown, fallback: number) => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);

/**
 * The engine checks values (a negative price, a share above 1) only on a model that compiles, so one
 * driver with low above high or one empty formula would hide every other value error until it is fixed.
 * This stands in a neutral value for each field with an issue (a driver's likely value, a zero formula,
 * a plain timing) and validates again, so all the errors show at once. Issues on the stand-ins are dropped.
 */
export function valueIssuesDespite(model: Item, issues: readonly FieldIssue[], depth = 0): FieldIssue[] {
  if (issues.length === 0) return [];
  const horizon = model.horizonYears;
  if (typeof horizon !== 'number' || !Number.isInteger(horizon)) return [];
  const drivers = (model.drivers as Item[]).map((d) => ({ ...d }));
  const sides = {
    costs: (model.costs as Item[]).map((l) => ({ ...l })),
    benefits: (model.benefits as Item[]).map((l) => ({ ...l })),
  };
  const repaired = new Set<string>();
  let rateDriver = model.discountRateDriver;
  for (const i of issues) {
    const [list, index, field, sub] = i.path.split('.');
    const n = Number(index);
    if (list === 'discountRateDriver') {
      rateDriver = null;
      repaired.add('discountRateDriver');
    } else if (list === 'drivers' && drivers[n]) {
      const d = drivers[n];
      const likely = finiteOr(d.likely, 0);
      const perYear = Array.from({ length: horizon }, (_, y) => finiteOr((d.perYear as unknown[] | undefined)?.[y], 0));
      drivers[n] = { ...d, low: likely, likely, high: likely, ...(d.kind === 'series' ? { perYear } : {}) };
      repaired.add(`drivers.${n}`);
    } else if ((list === 'costs' || list === 'benefits') && sides[list][n]) {
      const l = sides[list][n];
      const at = `${list}.${n}`;
      if (field === 'inputs' && sub !== undefined) {
        l.inputs = { ...(l.inputs as Item), [sub]: '0' };
        repaired.add(`${at}.inputs.${sub}`);
      } else if (field === 'timing') {
        l.timing = { type: 'initial' };
        repaired.add(`${at}.timing`);
      } else if (field === 'ramp') {
        l.ramp = undefined;
        repaired.add(`${at}.ramp`);
      } else if (field === 'riskAdjustment') {
        l.riskAdjustment = 0;
        repaired.add(`${at}.riskAdjustment`);
      } else if (field === 'name' || field === 'notes') {
        l[field] = field === 'name' ? 'Line' : '';
        repaired.add(`${at}.${field}`);
      } else {
        // Anything else (the kind, the id, the line as a whole): the line stands aside entirely.
        sides[list][n] = {
          ...l,
          inputs: Object.fromEntries(Object.keys(l.inputs as Item).map((k) => [k, '0'])),
          timing: { type: 'initial' },
          ramp: undefined,
          riskAdjustment: 0,
        };
        repaired.add(at);
      }
    } else return [];
  }
  const again = validateModel({ ...model, discountRateDriver: rateDriver, drivers, ...sides });
  const found = again.filter(
    (i) => ![...repaired].some((r) => i.path === r || i.path.startsWith(`${r}.`)) || i.path.startsWith('drivers.'),
  );
  // What this pass found may itself stop the value checks (a driver out of order behind an empty formula):
  // stand in for it too, a few rounds at most.
  if (found.length === 0 || depth >= 3) return found;
  const more = valueIssuesDespite(model, [...issues, ...found], depth + 1);
  return [...found, ...more.filter((m) => !found.some((f) => f.path === m.path))];
}

const canonical = (m: RoiModel) => JSON.stringify(draftToModel(modelToDraft(m)).model);

/**
 * The model being edited and everything derived from it, recomputed as the user types: the same engine the
 * core runs (pure, a fraction of a millisecond for a §1.7-sized model) validates and evaluates the draft, so
 * errors sit beside their fields and the results follow before anything is saved.
 */
export function useModelDraft(saved: RoiModel, phase: number | null): ModelDraft {
  const [draft, setDraft] = useState<Draft>(() => modelToDraft(saved));
  const [baseline, setBaseline] = useState(() => canonical(saved));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [revealed, setRevealed] = useState(false);
  const [server, setServer] = useState<Map<string, string>>(new Map());

  const converted = useMemo(() => draftToModel(draft), [draft]);
  const json = useMemo(() => JSON.stringify(converted.model), [converted]);
  const result = useMemo(() => {
    const evaluation = evaluateModel(converted.model, { phase });
    // One issue per path: a text that is not a number also fails the engine's schema (NaN) at the same path.
    const engine = evaluation.ok ? [] : evaluation.issues;
    const all = [...converted.issues, ...engine, ...valueIssuesDespite(converted.model, engine)];
    const issues = all.filter((i, k) => all.findIndex((j) => j.path === i.path) === k);
    const ok = evaluation.ok && converted.issues.length === 0;
    return {
      issues,
      evaluation: ok ? evaluation : null,
      model: ok ? roiModelSchema.parse(converted.model) : null,
    };
    // json stands for converted.model by value: equal drafts reuse the evaluation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [json, phase]);

  const byPath = useMemo(() => issueMap(result.issues), [result.issues]);
  const shown = useMemo(() => fieldPaths(draft), [draft]);

  // The errors on screen, as one string: most keystrokes leave it as it was, and then errorFor (and the
  // editor context built on it) keeps its identity, so the memoised rows do not all render again.
  const visibleEntries: [string, string][] = [];
  for (const [path, message] of byPath) if (revealed || touched.has(path)) visibleEntries.push([path, message]);
  for (const [path, message] of server)
    if (!byPath.has(path) || !(revealed || touched.has(path))) visibleEntries.push([path, message]);
  const visibleKey = JSON.stringify(visibleEntries);
  const errorFor = useMemo(() => {
    const visible = new Map(JSON.parse(visibleKey) as [string, string][]);
    return (path: string): string | undefined => visible.get(path);
  }, [visibleKey]);

  const stray = revealed || touched.size > 0 ? result.issues.filter((i) => !shown.has(i.path)) : [];

  const update = useCallback((f: (d: Draft) => Draft) => {
    setDraft((d) => f(d));
    setServer((s) => (s.size ? new Map() : s));
  }, []);
  const touch = useCallback(
    (path: string) =>
      setTouched((t) => {
        if (t.has(path)) return t;
        const next = new Set(t);
        next.add(path);
        return next;
      }),
    [],
  );

  return {
    draft,
    update,
    reset: (model) => {
      setDraft(modelToDraft(model));
      setBaseline(canonical(model));
      setTouched(new Set());
      setRevealed(false);
      setServer(new Map());
    },
    dirty: json !== baseline,
    issues: result.issues,
    model: result.model,
    evaluation: result.evaluation,
    errorFor,
    touch,
    reveal: () => setRevealed(true),
    revealed,
    setServerIssues: (issues) => setServer(issueMap(issues)),
    stray,
  };
}
