import { describe, expect, it } from 'vitest';
import { normaliseHeader, valueKeys } from './normalise';
import { lookupEnum, profileValueTable } from './values';

describe('normaliseHeader', () => {
  it('ignores case, spacing, punctuation, curly quotes and line breaks', () => {
    expect(normaliseHeader('  Bureau/Component ')).toBe('bureau component');
    expect(normaliseHeader('Describe the AI system’s outputs.')).toBe(
      normaliseHeader("describe the ai system's outputs"),
    );
    expect(normaliseHeader('Use Case ID\n\n[Agency Abbrev.] – [#] ')).toBe('use case id agency abbrev');
    expect(normaliseHeader('2_use_case_name')).toBe('2 use case name');
    expect(normaliseHeader('Café')).toBe('cafe');
  });

  it('gives the short value of a 2025 answer as a fallback key', () => {
    expect(valueKeys('c)  Deployed – The use case is being actively authorized')).toContain('deployed');
    expect(valueKeys('Pilot - The use case has been deployed in a limited test')).toContain('pilot');
    expect(valueKeys('Natural Language Processing (NLP)')).toContain('natural language processing');
  });
});

describe('lookupEnum', () => {
  const phase = (t: string) => lookupEnum('phase', t, undefined);
  const status = (t: string) => lookupEnum('status', t, undefined);
  const risk = (t: string) => lookupEnum('riskTier', t, undefined);

  it.each([
    ['Operation and Maintenance', 'MONITOR_OBSERVE'],
    ['Deployed', 'MONITOR_OBSERVE'],
    ['In production', 'MONITOR_OBSERVE'],
    ['Production', 'MONITOR_OBSERVE'],
    ['In mission', 'MONITOR_OBSERVE'],
    ['Deployment', 'PRODUCTION_DEPLOY'],
    ['Implementation and Assessment', 'PRODUCTION_DEPLOY'],
    ['Acquisition and/or Development', 'DEVELOP_VALIDATE'],
    ['Pilot', 'DEVELOP_VALIDATE'],
    ['POC', 'DEVELOP_VALIDATE'],
    ['Pre-Deployment - The use case is in a development or acquisition status.', 'DEVELOP_VALIDATE'],
    ['a) Pre-deployment – The use case is in a development or acquisition status.', 'DEVELOP_VALIDATE'],
    ['c)  Deployed – The use case is being actively authorized or utilized', 'MONITOR_OBSERVE'],
    ['Initiated', 'STRATEGY'],
    ['Planned', 'STRATEGY'],
    // Flightdeck's own ids, labels, short labels and numbers.
    ['DATA_FOUNDATION', 'DATA_FOUNDATION'],
    ['Architecture design', 'ARCHITECTURE'],
    ['Build & validate', 'DEVELOP_VALIDATE'],
    ['Phase 7', 'SCALE_OPTIMIZE'],
    ['5', 'PRODUCTION_DEPLOY'],
  ])('phase %j → %s', (text, id) => {
    expect(phase(text)).toEqual({ kind: 'value', id });
  });

  it('reads a status word in a phase column as that status', () => {
    expect(phase('Retired')).toEqual({ kind: 'status', id: 'retired' });
    expect(phase('d) Retired – The use case was reported in the prior year')).toEqual({
      kind: 'status',
      id: 'retired',
    });
    expect(phase('On hold')).toEqual({ kind: 'status', id: 'on_hold' });
  });

  it('reads lifecycle words in a status column as active', () => {
    expect(status('Operation and Maintenance')).toEqual({ kind: 'value', id: 'active' });
    expect(status('Pilot - The use case has been deployed in a limited test')).toEqual({ kind: 'value', id: 'active' });
    expect(status('Retired')).toEqual({ kind: 'value', id: 'retired' });
    expect(status('Cancelled')).toEqual({ kind: 'value', id: 'killed' });
    expect(status('On Hold')).toEqual({ kind: 'value', id: 'on_hold' });
  });

  it('reads risk words, whatever the trailing whitespace or case', () => {
    expect(risk('Rights-Impacting\n')).toEqual({ kind: 'value', id: 'high' });
    expect(risk('Safety-impacting')).toEqual({ kind: 'value', id: 'high' });
    expect(risk('Safety-Impacting')).toEqual({ kind: 'value', id: 'high' });
    expect(risk('a) High-impact ')).toEqual({ kind: 'value', id: 'high' });
    expect(risk('High risk')).toEqual({ kind: 'value', id: 'high' });
    expect(risk('low')).toEqual({ kind: 'value', id: 'minimal' });
  });

  it('treats placeholders as no value', () => {
    expect(phase('N/A')).toEqual({ kind: 'empty' });
    expect(lookupEnum('type', 'TBD', undefined)).toEqual({ kind: 'empty' });
  });

  it('names the unknown value and the known ones', () => {
    const r = phase('Deployed-ish');
    expect(r.kind).toBe('unknown');
    if (r.kind === 'unknown') {
      expect(r.reason).toMatch(/^"Deployed-ish" is not a phase; known: Strategy, Data, Architecture/);
    }
    const t = lookupEnum('type', 'Spreadsheet', undefined);
    expect(t.kind === 'unknown' && t.reason).toMatch(/is not a type; known: Copilot, Chatbot \/ assistant/);
  });

  it("puts the profile's own pairs before the built-in words, and reports pairs naming no value", () => {
    const { table, invalid } = profileValueTable('riskTier', { Neither: 'minimal', Both: 'high', Odd: 'nonsense' });
    expect(invalid).toEqual(['"Odd" → "nonsense"']);
    expect(lookupEnum('riskTier', 'neither ', table)).toEqual({ kind: 'value', id: 'minimal' });
    expect(lookupEnum('riskTier', 'Neither', undefined).kind).toBe('unknown');
    const own = profileValueTable('phase', { Retired: 'MONITOR_OBSERVE' }).table;
    expect(lookupEnum('phase', 'Retired', own)).toEqual({ kind: 'value', id: 'MONITOR_OBSERVE' });
  });
});
