import { describe, expect, it } from 'vitest';
import { roiModelSchema } from '../../../../../shared/domain/roi/schema';
import { SUPPORT_ASSISTANT_TEMPLATE as T } from '../../../../../shared/domain/roi/templates';
import { validateModel } from '../../../../../shared/domain/roi/model';
import { draftToModel, driverUses, fieldPaths, fitToHorizon, modelToDraft, renameDriverRefs, withKind } from './draft';
import { valueIssuesDespite } from './useModelDraft';

describe('ROI editor draft', () => {
  it('round-trips the §1.7 template exactly, percentages as fractions', () => {
    const d = modelToDraft(T);
    expect(d.discountRatePct).toBe('10');
    expect(d.costs[0]!.riskPct).toBe('15');
    const { model, issues } = draftToModel(d);
    expect(issues).toEqual([]);
    expect(roiModelSchema.parse(model)).toEqual(T);
  });

  it('flags texts that are not numbers at their model path, naming the driver or line', () => {
    const d = modelToDraft(T);
    d.drivers[2]!.low = 'abc';
    d.costs[1]!.riskPct = '';
    d.drivers[0]!.perYear[1] = '1.2.3';
    d.costs[1]!.inputs.priceOutPerM = ' ';
    const { issues } = draftToModel(d);
    expect(issues).toEqual([
      { path: 'drivers.0.perYear.1', message: 'Tickets per year: enter year 2' },
      { path: 'drivers.2.low', message: 'Handle-time reduction: enter the low value' },
      { path: 'costs.1.inputs.priceOutPerM', message: 'Inference: enter the output price per M tokens' },
      { path: 'costs.1.riskAdjustment', message: 'Enter a percentage' },
    ]);
  });

  it('shows value errors on lines even while a driver is out of order', () => {
    const d = modelToDraft(T);
    d.drivers[2]!.low = '0.5'; // above high (0.4)
    d.costs[1]!.inputs.priceInPerM = '-3';
    const { model } = draftToModel(d);
    const structural = validateModel(model);
    expect(structural.map((i) => i.path)).toEqual(['drivers.2.low']);
    expect(valueIssuesDespite(model, structural)).toEqual([
      { path: 'costs.1.inputs.priceInPerM', message: 'Inference: input price per M tokens is negative in year 1' },
    ]);
    expect(valueIssuesDespite(model, [])).toEqual([]);

    // An empty formula fails the schema, before any three-point or value check: those still show.
    d.costs[1]!.inputs.priceOutPerM = '';
    const broken = draftToModel(d).model;
    const first = validateModel(broken);
    expect(first.map((i) => i.path)).toEqual(['costs.1.inputs.priceOutPerM']);
    expect(valueIssuesDespite(broken, first).map((i) => i.path)).toEqual([
      'drivers.2.low',
      'costs.1.inputs.priceInPerM',
    ]);
  });

  it('finds where a driver is used, so removing it can be flagged', () => {
    const d = modelToDraft(T);
    const uses = driverUses(d, 'tickets').map((u) => `${u.line}.${u.input}`);
    expect(uses).toEqual([
      'Inference.requests',
      'Human review/oversight.items',
      'B1 time savings.tasks',
      'B2 BPO avoidance.units',
    ]);
    expect(driverUses(d, 'nobody')).toEqual([]);
  });

  it('fits per-year lists to a new horizon and keeps shared inputs when the kind changes', () => {
    const d = fitToHorizon({ ...modelToDraft(T), horizonYears: '5' });
    expect(d.drivers[0]!.perYear).toEqual(['2400000', '2520000', '2640000', '2640000', '2640000']);
    const line = withKind(d.costs[0]!, 'units_x_price');
    expect(Object.keys(line.inputs)).toEqual(['units', 'unitPrice']);
    expect(fieldPaths(d).has('costs.1.inputs.requests')).toBe(true);
  });

  it('renames a driver in every formula that uses it, whole words only, and only to a free valid key', () => {
    const d = modelToDraft(T);
    d.drivers[0]!.key = 'volume';
    const r = renameDriverRefs(d, 'tickets', 'volume');
    expect(r.benefits[1]!.inputs.units).toBe('volume * deflection');
    expect(r.costs[1]!.inputs.requests).toContain('volume * (1 - deflection)');
    expect(validateModel(draftToModel(r).model)).toEqual([]);
    const rate = renameDriverRefs(
      { ...d, drivers: d.drivers.map((x) => (x.key === 'discount_rate' ? { ...x, key: 'r' } : x)) },
      'discount_rate',
      'r',
    );
    expect(rate.discountRateDriver).toBe('r');
    expect(renameDriverRefs(d, 'tickets', 'Bad Key')).toBe(d);
    // Renamed onto another driver's key: the references stay, the duplicate key shows its error.
    const clash = { ...d, drivers: d.drivers.map((x, i) => (i === 0 ? { ...x, key: 'adoption' } : x)) };
    expect(renameDriverRefs(clash, 'tickets', 'adoption')).toBe(clash);
    const qa = renameDriverRefs(d, 'qa_assisted', 'qa');
    expect(qa.costs[2]!.inputs.items).toContain('adoption * qa + deflection * qa_deflected');
  });
});
