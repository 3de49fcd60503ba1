// Hostile inputs for the IPC and CLI fuzz tests (perf-reliability.md X1): payloads of every shape a
// compromised renderer could send, and "near-valid" payloads derived from the zod schemas themselves so the
// fuzz also reaches the handlers with edge values the schema lets through. Kept free of vitest.
import fc from 'fast-check';
import type { z } from 'zod';

/** Numbers that break arithmetic, ids, SQLite integer binding and JSON. */
export const EDGE_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  NaN,
  Infinity,
  -Infinity,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  1e21,
  2 ** 31,
  -(2 ** 31),
  2 ** 32,
  2 ** 63,
];

/** A string that parsers built on recursion (formulas, JSON, markdown) must survive. */
export const deepParens = (length: number): string => {
  const n = Math.max(0, Math.floor((length - 1) / 2));
  return '('.repeat(n) + '1' + ')'.repeat(n);
};

/** Text that is markup, SQL, a path, a format string, a lone surrogate or control characters. */
export const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\r\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  '\ufeff',
  '💥🚀👩‍👩‍👧',
  'e\u0301',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'; DROP TABLE initiatives; --",
  "' OR 1=1 --",
  '=HYPERLINK("http://127.0.0.1:9/?"&A1)',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '-1',
  '0',
  '1e999',
  '0x1F',
  '1,5',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31',
  '../../../../etc/passwd',
  'C:\\Windows\\System32',
  '\\\\server\\share',
  'file:///etc/passwd',
  'javascript:alert(1)',
  '%s%s%n%x',
  '{{7*7}}${7*7}',
  '-'.repeat(499) + '1',
  deepParens(499),
  'x'.repeat(10_000),
];

/** Dates the demo data and the fixed clock (2026-03-02) make meaningful, plus the calendar's corners. */
const DAY_STRINGS = fc.oneof(
  fc.constantFrom('2026-03-02', '2026-03-01', '2026-03-03', '2026-02-28', '2024-02-29', '1970-01-01', '9999-12-31'),
  fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
const MONTH_STRINGS = DAY_STRINGS.map((d) => d.slice(0, 7));

/** Only loopback addresses on ports nobody listens on, so no generated URL can reach a real server. */
export const LOOPBACK_URLS: readonly string[] = [
  'http://127.0.0.1:9',
  'http://127.0.0.1:1/',
  'https://127.0.0.1:9/prometheus',
  'http://127.0.0.1:65535/api/v1',
  'http://user:pw@127.0.0.1:9',
  'http://127.0.0.1:9/?q=1',
  'http://127.0.0.1:9/#x',
  'ftp://127.0.0.1:9',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://',
  'http://127.0.0.1:99999',
];

/** A payload this deep cannot be built with recursion, so it is built with a loop. */
export function deepNest(depth: number, kind: 'object' | 'array' | 'mixed', leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) {
    const asArray = kind === 'array' || (kind === 'mixed' && i % 2 === 1);
    v = asArray ? [v] : { a: v };
  }
  return v;
}

/** An object with an *own* property named key (a literal `{ __proto__: x }` would set the prototype instead). */
export function withOwn(base: object, key: string, value: unknown): object {
  const copy: Record<string, unknown> = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const cache = new Map<number, string>();
/** A string of exactly n characters, built once per length (megabyte strings are reused, not regenerated). */
export function sized(n: number): string {
  let s = cache.get(n);
  if (s === undefined) {
    s = 'x'.repeat(n);
    cache.set(n, s);
  }
  return s;
}

const pollutionKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString');

/** Keys objects are built from: ordinary, empty, prototype-polluting and huge. */
const keyArb = fc.oneof(
  { arbitrary: fc.string({ maxLength: 8 }), weight: 4 },
  { arbitrary: pollutionKeys, weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', 'id', 'name', 'patch', 'a.b', '0'), weight: 1 },
);

/**
 * Payloads with no regard for any schema: fc.anything with null prototypes, prototype keys, boxed values,
 * sparse and typed arrays, Maps, Sets, Dates and BigInts (structured clone carries them all to the main process).
 */
export const anythingHostile: fc.Arbitrary<unknown> = fc.anything({
  key: keyArb,
  maxDepth: 4,
  maxKeys: 6,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withObjectString: true,
});

/** Parsed from JSON so `__proto__` is an own key, as it is when the payload comes from a deserializer. */
const protoPayloads = fc.constantFrom<unknown>(
  JSON.parse('{"__proto__":{"polluted":true}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
  JSON.parse('{"id":1,"__proto__":{"id":2}}'),
  JSON.parse('{"patch":{"__proto__":{"name":"x"}},"id":1}'),
  Object.create(null) as unknown,
  Object.assign(Object.create(null) as object, { id: 1 }),
  Object.assign(Object.create({ id: 1, name: 'inherited' }) as object, {}),
);

/**
 * Every payload class of X1 that ignores the schema: wrong primitive types, fc.anything, prototype
 * tricks, 10k-level nesting, strings at and beyond the 1 MB router limit, huge arrays, non-finite numbers.
 * `limit` is the router's byte limit for the channel under test.
 */
export function hostilePayload(limit: number): fc.Arbitrary<unknown> {
  // Around the router's limit: JSON.stringify adds quotes and the key, so both sides of the edge occur. Limits
  // far above a megabyte (export/png's 28 MB) are left to that channel's own test.
  const sizes = [limit - 40, limit - 1, limit, limit + 1, limit + 100].filter((n) => n > 0 && n <= 2_000_000);
  const arms: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: anythingHostile, weight: 6 },
    { arbitrary: protoPayloads, weight: 2 },
    {
      arbitrary: fc.constantFrom<unknown>(null, 0, -0, '', 'x', true, false, [], [null], NaN, Infinity, -Infinity),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(1_000, 10_000),
          fc.constantFrom<'object' | 'array' | 'mixed'>('object', 'array', 'mixed'),
        )
        .map(([depth, kind]) => deepNest(depth, kind)),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom<unknown>(new Array<number>(200_000).fill(1), new Array<unknown>(100_000), {
        ids: new Array<number>(100_000).fill(1),
      }),
      weight: 1,
    },
  ];
  if (sizes.length > 0) {
    arms.push({
      arbitrary: fc
        .constantFrom(...sizes)
        .chain((n) => fc.constantFrom<unknown>(sized(n), { name: sized(n) }, { id: 1, patch: { name: sized(n) } })),
      weight: 1,
    });
  }
  return fc.oneof(...arms);
}

// ---------- near-valid payloads from the zod schema ----------

interface Def {
  type: string;
  [k: string]: unknown;
}
type Schema = z.core.$ZodType;

function defOf(s: Schema): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** A value of a different JSON type than the schema wants. */
const wrongType = fc.constantFrom<unknown>(null, 'x', 1, true, [], {}, NaN, -0);

interface StringBounds {
  min: number;
  max: number;
  pattern: RegExp | null;
}

function stringBounds(def: Def): StringBounds {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  let pattern: RegExp | null = def['pattern'] instanceof RegExp ? def['pattern'] : null;
  for (const c of (def['checks'] as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []) {
    const cd = c._zod.def;
    if (cd['check'] === 'min_length' && typeof cd['minimum'] === 'number') min = Math.max(min, cd['minimum']);
    if (cd['check'] === 'max_length' && typeof cd['maximum'] === 'number') max = Math.min(max, cd['maximum']);
    if (cd['check'] === 'length_equals' && typeof cd['length'] === 'number') min = max = cd['length'];
    if (cd['check'] === 'string_format' && cd['pattern'] instanceof RegExp) pattern = cd['pattern'];
  }
  return { min, max, pattern };
}

function numberBounds(def: Def): { min: number; max: number; int: boolean } {
  let min = -Number.MAX_VALUE;
  let max = Number.MAX_VALUE;
  let int = false;
  for (const c of (def['checks'] as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []) {
    const cd = c._zod.def;
    const v = cd['value'];
    if (cd['check'] === 'greater_than' && typeof v === 'number') min = Math.max(min, cd['inclusive'] ? v : v + 1e-9);
    if (cd['check'] === 'less_than' && typeof v === 'number') max = Math.min(max, cd['inclusive'] ? v : v - 1e-9);
    if (cd['check'] === 'number_format') {
      int = true;
      min = Math.max(min, Number.MIN_SAFE_INTEGER);
      max = Math.min(max, Number.MAX_SAFE_INTEGER);
    }
  }
  return int ? { min: Math.ceil(min), max: Math.floor(max), int } : { min, max, int };
}

function stringArb(def: Def, key: string): fc.Arbitrary<unknown> {
  const { min, max, pattern } = stringBounds(def);
  const fits = (s: string) => s.length >= min && s.length <= max;
  const valid: fc.Arbitrary<string>[] = [];
  if (pattern && pattern.test('2026-03-02')) valid.push(DAY_STRINGS);
  else if (pattern && pattern.test('2026-03')) valid.push(MONTH_STRINGS);
  else if (pattern) valid.push(fc.stringMatching(pattern).filter(fits));
  else {
    if (/url/i.test(key)) valid.push(fc.constantFrom(...LOOPBACK_URLS));
    if (/email/i.test(key) || def['format'] === 'email') valid.push(fc.constantFrom('a@b.co', 'x+y@127.0.0.1'));
    if (/date|until|asOf|due|expir|month/i.test(key)) valid.push(DAY_STRINGS, MONTH_STRINGS);
    valid.push(fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }));
    if (min <= 20)
      valid.push(fc.string({ unit: 'binary', minLength: min, maxLength: Math.max(min, Math.min(max, 20)) }));
  }
  const edges = EDGE_STRINGS.filter(fits);
  const boundary: string[] = [];
  if (max < 2_000_000) boundary.push(sized(max), sized(max + 1));
  if (min > 0) boundary.push(sized(min - 1), ' '.repeat(min));
  return fc.oneof(
    { arbitrary: fc.oneof(...valid), weight: 24 },
    { arbitrary: edges.length ? fc.constantFrom(...edges) : fc.constant(''), weight: 3 },
    { arbitrary: boundary.length ? fc.constantFrom(...boundary) : fc.constant(''), weight: 1 },
    { arbitrary: fc.constantFrom(...EDGE_STRINGS), weight: 1 },
    { arbitrary: wrongType, weight: 1 },
  );
}

function numberArb(def: Def, key: string): fc.Arbitrary<unknown> {
  const { min, max, int } = numberBounds(def);
  const isId = /id$/i.test(key) || key === 'id';
  const valid: fc.Arbitrary<number>[] = [];
  // Ids that exist in the demo portfolio (and a few that do not) reach the handlers' real paths.
  if (isId && min <= 1 && max >= 60) valid.push(fc.integer({ min: 1, max: 60 }));
  if (int) {
    const lo = Math.max(min, -1_000_000);
    const hi = Math.min(max, 1_000_000);
    if (lo <= hi) valid.push(fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }));
    valid.push(fc.constantFrom(Math.ceil(min), Math.floor(max)));
  } else {
    const lo = Math.max(min, -1e12);
    const hi = Math.min(max, 1e12);
    if (lo <= hi) valid.push(fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }));
    valid.push(fc.constantFrom(min, max));
  }
  const outside = [min - 1, max + 1, min + 0.5, Math.floor(max) + 0.5].filter(Number.isFinite);
  return fc.oneof(
    { arbitrary: fc.oneof(...valid), weight: 24 },
    { arbitrary: fc.constantFrom(...EDGE_NUMBERS), weight: 2 },
    { arbitrary: outside.length ? fc.constantFrom(...outside) : fc.constant(NaN), weight: 1 },
    { arbitrary: fc.constantFrom<unknown>('1', '', null, true, 1n), weight: 1 },
  );
}

/** Extra keys a strict object must refuse; `__proto__` and `constructor` as own properties. */
const extraKey = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'extra', 'id ', 'toString'), anythingHostile);

/**
 * Values shaped like `schema` wants, mostly valid, with edge values in every field and, now and then, a
 * missing required key, an extra key, a wrong type or a null-prototype object. `hints` swaps in a schema for
 * a field the contract leaves as unknown (the ROI model, validated inside its handler).
 */
export function nearValid(
  schema: Schema,
  options: { key?: string; depth?: number; hints?: Record<string, Schema> } = {},
): fc.Arbitrary<unknown> {
  const { key = '', depth = 0, hints = {} } = options;
  const def = defOf(schema);
  const next = (s: Schema, k = key) => nearValid(s, { key: k, depth: depth + 1, hints });
  if (depth > 8) return fc.oneof(wrongType, fc.constant(undefined));
  switch (def.type) {
    case 'string':
      return stringArb(def, key);
    case 'number':
      return numberArb(def, key);
    case 'boolean':
      return fc.oneof({ arbitrary: fc.boolean(), weight: 24 }, { arbitrary: wrongType, weight: 1 });
    case 'null':
      return fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, { arbitrary: wrongType, weight: 1 });
    case 'literal': {
      const values = [...(def['values'] as unknown[])];
      return fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 8 }, { arbitrary: wrongType, weight: 1 });
    }
    case 'enum': {
      const values = Object.values(def['entries'] as Record<string, string | number>);
      const off = values.map((v) => (typeof v === 'string' ? v.toUpperCase() + ' ' : v));
      return fc.oneof(
        { arbitrary: fc.constantFrom(...values), weight: 24 },
        { arbitrary: fc.constantFrom<unknown>(...off, '', 'unexpected', '__proto__', 'toString', 0), weight: 1 },
      );
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return fc.oneof(
        { arbitrary: next(def['innerType'] as Schema), weight: 4 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      );
    case 'nullable':
      return fc.oneof(
        { arbitrary: next(def['innerType'] as Schema), weight: 4 },
        { arbitrary: fc.constant(null), weight: 1 },
      );
    case 'pipe':
      return next(def['in'] as Schema);
    case 'lazy':
      return next((def['getter'] as () => Schema)());
    case 'union': {
      const options = def['options'] as Schema[];
      return fc.oneof(...options.map((o) => next(o)));
    }
    case 'array': {
      const element = next(def['element'] as Schema);
      const { min, max } = stringBounds(def);
      const cap = Math.min(max, 6);
      const arrays: fc.Arbitrary<unknown>[] = [fc.array(element, { minLength: Math.min(min, cap), maxLength: cap })];
      if (max < 500) arrays.push(fc.array(element, { minLength: max + 1, maxLength: max + 1 }));
      return fc.oneof(
        { arbitrary: arrays[0]!, weight: 24 },
        ...arrays.slice(1).map((a) => ({ arbitrary: a, weight: 1 })),
        { arbitrary: fc.constantFrom<unknown>([], null, {}, 'x'), weight: 1 },
      );
    }
    case 'record': {
      const keys = fc.oneof(
        { arbitrary: fc.string({ maxLength: 10 }), weight: 4 },
        { arbitrary: pollutionKeys, weight: 1 },
      );
      const value = next(def['valueType'] as Schema);
      return fc
        .array(fc.tuple(keys, value), { maxLength: 5 })
        .map((entries) => entries.reduce<object>((o, [k, v]) => withOwn(o, k, v), {}));
    }
    case 'object': {
      const shape = def['shape'] as Record<string, Schema>;
      const keys = Object.keys(shape);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const k of keys) {
        const hint = hints[k];
        model[k] = hint
          ? fc.oneof(
              { arbitrary: nearValid(hint, { key: k, depth: depth + 1 }), weight: 4 },
              { arbitrary: next(shape[k]!, k), weight: 1 },
            )
          : next(shape[k]!, k);
        const t = defOf(shape[k]!).type;
        if (t !== 'optional' && t !== 'default' && t !== 'prefault') required.push(k);
      }
      const clean = fc.record(model, { requiredKeys: required, noNullPrototype: true });
      if (keys.length === 0) {
        return fc.oneof(
          { arbitrary: fc.constant<unknown>({}), weight: 4 },
          { arbitrary: fc.constant<unknown>(undefined), weight: 4 },
          { arbitrary: extraKey.map(([k, v]) => withOwn({}, k, v)), weight: 1 },
          { arbitrary: wrongType, weight: 1 },
        );
      }
      const missing = fc
        .tuple(clean, fc.constantFrom(...keys))
        .map(([o, k]) => Object.fromEntries(Object.entries(o as object).filter(([key2]) => key2 !== k)));
      const extra = fc.tuple(clean, extraKey).map(([o, [k, v]]) => withOwn(o as object, k, v));
      const wrong = fc
        .tuple(clean, fc.constantFrom(...keys), fc.oneof(wrongType, anythingHostile))
        .map(([o, k, v]) => withOwn(o as object, k, v));
      const nullProto = clean.map((o) => Object.assign(Object.create(null) as object, o));
      return fc.oneof(
        { arbitrary: clean, weight: 24 },
        { arbitrary: missing, weight: 1 },
        { arbitrary: extra, weight: 1 },
        { arbitrary: wrong, weight: 1 },
        { arbitrary: nullProto, weight: 1 },
      );
    }
    case 'unknown':
    case 'any':
      return fc.oneof(
        anythingHostile,
        fc.constantFrom<unknown>(deepNest(10_000, 'object'), deepNest(10_000, 'array'), JSON.parse('{"__proto__":{}}')),
      );
    default:
      // transform, never, custom and anything newer: the schema says nothing usable, so anything goes.
      return fc.oneof(wrongType, anythingHostile);
  }
}
