/**
 * The small formula language of line inputs (schema.ts): numbers, driver keys, + - * / ( ), unary minus,
 * min(a, b) and max(a, b). Parsed once into an AST and compiled into closures that read driver values
 * from a Float64Array by index: the Monte Carlo evaluates every input of every line each iteration, so
 * the hot path must be plain calls with no lookups by name, no allocation, and no eval/Function (the app's
 * CSP forbids it, and a formula is user text).
 */

export type FormulaNode =
  | { type: 'number'; value: number }
  | { type: 'driver'; key: string; position: number }
  | { type: 'negate'; operand: FormulaNode }
  | { type: 'binary'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode }
  | { type: 'call'; fn: 'min' | 'max'; args: [FormulaNode, FormulaNode] };

export interface FormulaError {
  message: string;
  /** 1-based character position the message points at. */
  position: number;
}

export type Parsed = { ok: true; ast: FormulaNode } | { ok: false; error: FormulaError };

/** Reads one driver's value in a year (0 = initial, 1..horizon) from the values of one evaluation. */
export type Evaluator = (values: Float64Array, year: number) => number;

type Token =
  | { kind: 'number'; value: number; position: number; text: string }
  | { kind: 'name'; text: string; position: number }
  | { kind: 'punct'; text: string; position: number }
  | { kind: 'end'; position: number; text: string };

const FUNCTIONS = new Set(['min', 'max']);

class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const number = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), position: i + 1, text: number[0] });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], position: i + 1 });
      i += name[0].length;
      continue;
    }
    if ('+-*/(),'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, position: i + 1 });
      i++;
      continue;
    }
    throw new FormulaSyntaxError(`Unexpected ‘${c}’ at position ${i + 1}`, i + 1);
  }
  tokens.push({ kind: 'end', position: text.length + 1, text: '' });
  return tokens;
}

/** Recursive descent: expr = term (± term)*; term = unary (×/ unary)*; unary = -unary | primary. */
function parseTokens(tokens: Token[]): FormulaNode {
  let at = 0;
  const peek = () => tokens[at]!;
  const unexpected = (t: Token): never => {
    if (t.kind === 'end') throw new FormulaSyntaxError('Unexpected end of formula', t.position);
    throw new FormulaSyntaxError(`Unexpected ‘${t.text}’ at position ${t.position}`, t.position);
  };
  const expect = (text: string) => {
    const t = peek();
    if (t.kind !== 'punct' || t.text !== text) {
      if (t.kind === 'end') throw new FormulaSyntaxError(`Missing ‘${text}’ at the end`, t.position);
      unexpected(t);
    }
    at++;
  };

  function expression(): FormulaNode {
    let left = term();
    for (let t = peek(); t.kind === 'punct' && (t.text === '+' || t.text === '-'); t = peek()) {
      at++;
      left = { type: 'binary', op: t.text as '+' | '-', left, right: term() };
    }
    return left;
  }
  function term(): FormulaNode {
    let left = unary();
    for (let t = peek(); t.kind === 'punct' && (t.text === '*' || t.text === '/'); t = peek()) {
      at++;
      left = { type: 'binary', op: t.text as '*' | '/', left, right: unary() };
    }
    return left;
  }
  function unary(): FormulaNode {
    const t = peek();
    if (t.kind === 'punct' && t.text === '-') {
      at++;
      return { type: 'negate', operand: unary() };
    }
    if (t.kind === 'punct' && t.text === '+') {
      at++;
      return unary();
    }
    return primary();
  }
  function primary(): FormulaNode {
    const t = peek();
    if (t.kind === 'number') {
      at++;
      return { type: 'number', value: t.value };
    }
    if (t.kind === 'name') {
      at++;
      const next = peek();
      if (next.kind === 'punct' && next.text === '(') {
        const fn = t.text.toLowerCase();
        if (!FUNCTIONS.has(fn))
          throw new FormulaSyntaxError(`Unknown function ‘${t.text}’ at position ${t.position}`, t.position);
        at++;
        const a = expression();
        const comma = peek();
        if (comma.kind === 'punct' && comma.text === ')') {
          throw new FormulaSyntaxError(`${fn}() needs two values, as in ${fn}(a, b)`, comma.position);
        }
        expect(',');
        const b = expression();
        expect(')');
        return { type: 'call', fn: fn as 'min' | 'max', args: [a, b] };
      }
      return { type: 'driver', key: t.text, position: t.position };
    }
    if (t.kind === 'punct' && t.text === '(') {
      at++;
      const inner = expression();
      expect(')');
      return inner;
    }
    return unexpected(t);
  }

  const ast = expression();
  if (peek().kind !== 'end') unexpected(peek());
  return ast;
}

export function parseFormula(text: string): Parsed {
  try {
    if (text.trim() === '') return { ok: false, error: { message: 'Enter a number or a formula', position: 1 } };
    return { ok: true, ast: parseTokens(tokenize(text)) };
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return { ok: false, error: { message: e.message, position: e.position } };
    throw e;
  }
}

/** Every driver reference in the formula, in reading order (with repeats). */
export function driverRefs(ast: FormulaNode): { key: string; position: number }[] {
  const out: { key: string; position: number }[] = [];
  const walk = (n: FormulaNode): void => {
    if (n.type === 'driver') out.push({ key: n.key, position: n.position });
    else if (n.type === 'negate') walk(n.operand);
    else if (n.type === 'binary') {
      walk(n.left);
      walk(n.right);
    } else if (n.type === 'call') n.args.forEach(walk);
  };
  walk(ast);
  return out;
}

export type Compiled = { ok: true; fn: Evaluator; constant: boolean } | { ok: false; error: FormulaError };

/**
 * Closures over the AST. `resolve` turns a driver key into its reader (a value driver reads its slot, a
 * series driver its base for the year × its slot) or null when unknown. Constant subtrees are folded, so
 * "3000 * 3 / 1e6" costs nothing per iteration.
 */
export function compileFormula(ast: FormulaNode, resolve: (key: string) => Evaluator | null): Compiled {
  for (const ref of driverRefs(ast)) {
    if (!resolve(ref.key)) {
      return {
        ok: false,
        error: { message: `Unknown driver ‘${ref.key}’ at position ${ref.position}`, position: ref.position },
      };
    }
  }
  const build = (n: FormulaNode): { fn: Evaluator; constant: number | null } => {
    switch (n.type) {
      case 'number': {
        const v = n.value;
        return { fn: () => v, constant: v };
      }
      case 'driver':
        return { fn: resolve(n.key)!, constant: null };
      case 'negate': {
        const a = build(n.operand);
        if (a.constant !== null) return constantOf(-a.constant);
        const f = a.fn;
        return { fn: (v, y) => -f(v, y), constant: null };
      }
      case 'binary': {
        const a = build(n.left);
        const b = build(n.right);
        if (a.constant !== null && b.constant !== null) return constantOf(apply(n.op, a.constant, b.constant));
        const fa = a.fn;
        const fb = b.fn;
        switch (n.op) {
          case '+':
            return { fn: (v, y) => fa(v, y) + fb(v, y), constant: null };
          case '-':
            return { fn: (v, y) => fa(v, y) - fb(v, y), constant: null };
          case '*':
            return { fn: (v, y) => fa(v, y) * fb(v, y), constant: null };
          case '/':
            return { fn: (v, y) => fa(v, y) / fb(v, y), constant: null };
        }
        break;
      }
      case 'call': {
        const a = build(n.args[0]);
        const b = build(n.args[1]);
        const pick = n.fn === 'min' ? Math.min : Math.max;
        if (a.constant !== null && b.constant !== null) return constantOf(pick(a.constant, b.constant));
        const fa = a.fn;
        const fb = b.fn;
        return { fn: (v, y) => pick(fa(v, y), fb(v, y)), constant: null };
      }
    }
    throw new Error('unreachable');
  };
  const root = build(ast);
  return { ok: true, fn: root.fn, constant: root.constant !== null };
}

function constantOf(v: number): { fn: Evaluator; constant: number } {
  return { fn: () => v, constant: v };
}

function apply(op: '+' | '-' | '*' | '/', a: number, b: number): number {
  return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
}

/** Parse and compile in one step; the error is the first one found. */
export function buildFormula(text: string, resolve: (key: string) => Evaluator | null): Compiled {
  const parsed = parseFormula(text);
  return parsed.ok ? compileFormula(parsed.ast, resolve) : parsed;
}
