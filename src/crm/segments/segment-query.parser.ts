import { closest, distance } from 'fastest-levenshtein';
import { FIELD_NAMES, isFieldName, operatorsOf, SEGMENT_FIELDS, type FieldName, type FieldSpec, type Operator } from './segment-fields.ts';
import type { Condition, Expr, ParseResult, SegmentQueryError, Value } from './segment-query.ast.ts';
import { KEYWORDS, tokenize, type Token } from './segment-query.lexer.ts';

// Segment query text -> typed tree, or the first error with its position. Precedence: NOT binds
// tighter than AND, AND tighter than OR; AND and OR group from the left. Types are checked while
// parsing (the tree keeps no positions), so `tags > 3` or an unknown enum value is an error here.

class QueryError extends Error {
  constructor(readonly detail: SegmentQueryError) {
    super(detail.message);
  }
}

/** The nearest candidate, if near enough to be what was meant. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word.length === 0) return undefined;
  const lower = word.toLowerCase();
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  if (prefixed.length === 1 && lower.length >= 3) return prefixed[0];
  const best = closest(
    lower,
    candidates.map((c) => c.toLowerCase()),
  );
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  return distance(lower, best) <= Math.max(2, Math.floor(lower.length * 0.4)) ? candidates[index] : undefined;
}

const isKeyword = (t: Token, k: (typeof KEYWORDS)[number]) => t.type === 'word' && t.text.toUpperCase() === k;

function describe(t: Token): string {
  switch (t.type) {
    case 'word':
      return t.text;
    case 'string':
      return `'${t.value}'`;
    case 'number':
      return String(t.value);
    case 'date':
      return t.value;
    case 'relative':
      return `-${t.amount}${t.unit}`;
    case 'op':
      return t.text;
    case 'eof':
      return 'the end';
    default:
      return t.type;
  }
}

const TYPE_WORDS: Record<FieldSpec['type'], string> = {
  number: 'a number',
  money: 'an amount in the shop currency (e.g. 2500 or 19.99)',
  date: 'a date (2026-01-31) or a relative date (-90d, -12w, -6m, -1y)',
  text: "text in single quotes ('Lahore')",
  enum: 'one of its values in single quotes',
  list: "text in single quotes ('vip')",
};

const MAX_DEPTH = 100;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private fail(t: Token, message: string, extra: Omit<SegmentQueryError, 'position' | 'message'> = {}): never {
    throw new QueryError({ position: t.pos, message, ...extra });
  }

  parseQuery(): Expr {
    if (this.peek().type === 'eof') this.fail(this.peek(), 'The query is empty: start with a field, such as number_of_orders > 1');
    const expr = this.parseOr();
    const t = this.peek();
    if (t.type !== 'eof') {
      const hint = t.type === 'word' ? suggest(t.text, ['AND', 'OR']) : undefined;
      this.fail(t, `Expected AND, OR or the end, found ${describe(t)}`, { expected: ['AND', 'OR'], ...(hint ? { suggestion: hint } : {}) });
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (isKeyword(this.peek(), 'OR')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseUnary();
    while (isKeyword(this.peek(), 'AND')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (!isKeyword(t, 'NOT') && t.type !== '(') return this.parseCondition();
    // A bound on nesting keeps the recursion far from the stack's end, whatever the input.
    if (++this.depth > MAX_DEPTH) this.fail(t, `Too deeply nested (more than ${MAX_DEPTH} levels of NOT and parentheses)`);
    this.next();
    let expr: Expr;
    if (t.type === '(') {
      expr = this.parseOr();
      if (this.peek().type !== ')')
        this.fail(this.peek(), `Expected ) to close the ( at ${t.pos}, found ${describe(this.peek())}`, { expected: [')'] });
      this.next();
    } else {
      expr = { kind: 'not', expr: this.parseUnary() };
    }
    this.depth--;
    return expr;
  }

  private parseField(): FieldName {
    const t = this.next();
    if (t.type !== 'word' || KEYWORDS.some((k) => isKeyword(t, k))) {
      this.fail(t, `Expected a field, found ${describe(t)}`, { expected: ['a field name'] });
    }
    const name = t.text.toLowerCase();
    if (!isFieldName(name)) {
      const hint = suggest(name, FIELD_NAMES);
      this.fail(t, `Unknown field ${t.text}${hint ? `: did you mean ${hint}?` : ''}`, hint ? { suggestion: hint } : {});
    }
    return name;
  }

  private parseCondition(): Expr {
    const field = this.parseField();
    const opToken = this.peek();
    if (isKeyword(opToken, 'NOT')) {
      // `tags NOT CONTAINS 'x'`, `city NOT IN (…)`, `amount_spent NOT BETWEEN …`: the negation of the condition.
      this.next();
      const after = this.peek();
      if (!isKeyword(after, 'CONTAINS') && !isKeyword(after, 'IN') && !isKeyword(after, 'BETWEEN')) {
        this.fail(after, `Expected CONTAINS, IN or BETWEEN after NOT, found ${describe(after)}`, {
          expected: ['CONTAINS', 'IN', 'BETWEEN'],
        });
      }
      return { kind: 'not', expr: this.parseOperator(field) };
    }
    return this.parseOperator(field);
  }

  private allow(field: FieldName, op: Operator, t: Token): void {
    const allowed = operatorsOf(field);
    if (allowed.includes(op)) return;
    const type = SEGMENT_FIELDS[field].type;
    const hint = type === 'list' && (op === '=' || op === '!=') ? 'CONTAINS' : undefined;
    this.fail(t, `${field} (${type}) does not take ${op}; it takes ${allowed.join(', ')}`, {
      expected: [...allowed],
      ...(hint ? { suggestion: hint } : {}),
    });
  }

  private parseOperator(field: FieldName): Condition {
    const t = this.next();
    if (t.type === 'op') {
      this.allow(field, t.text, t);
      return { kind: 'compare', field, op: t.text, value: this.parseValue(field) };
    }
    if (isKeyword(t, 'BETWEEN')) {
      this.allow(field, 'BETWEEN', t);
      const low = this.parseValue(field);
      if (!isKeyword(this.peek(), 'AND'))
        this.fail(this.peek(), `Expected AND in BETWEEN … AND …, found ${describe(this.peek())}`, { expected: ['AND'] });
      this.next();
      return { kind: 'between', field, low, high: this.parseValue(field) };
    }
    if (isKeyword(t, 'IN')) {
      this.allow(field, 'IN', t);
      if (this.peek().type !== '(') this.fail(this.peek(), `Expected ( after IN, found ${describe(this.peek())}`, { expected: ['('] });
      this.next();
      const values = [this.parseValue(field)];
      while (this.peek().type === ',') {
        this.next();
        values.push(this.parseValue(field));
      }
      if (this.peek().type !== ')')
        this.fail(this.peek(), `Expected , or ) in the IN list, found ${describe(this.peek())}`, { expected: [',', ')'] });
      this.next();
      return { kind: 'in', field, values };
    }
    if (isKeyword(t, 'CONTAINS')) {
      this.allow(field, 'CONTAINS', t);
      return { kind: 'contains', field, value: this.parseValue(field) };
    }
    if (isKeyword(t, 'IS')) {
      let negated = false;
      if (isKeyword(this.peek(), 'NOT')) {
        this.next();
        negated = true;
      }
      if (!isKeyword(this.peek(), 'NULL')) this.fail(this.peek(), `Expected NULL, found ${describe(this.peek())}`, { expected: ['NULL'] });
      this.allow(field, negated ? 'IS NOT NULL' : 'IS NULL', t);
      this.next();
      return { kind: 'null', field, negated };
    }
    const allowed = operatorsOf(field);
    const words = allowed.map((o) => o.split(' ')[0]!).filter((o) => /^[A-Z]/.test(o));
    const hint = t.type === 'word' ? suggest(t.text, [...new Set(words)]) : undefined;
    return this.fail(t, `Expected an operator after ${field}, found ${describe(t)}${hint ? `: did you mean ${hint}?` : ''}`, {
      expected: [...allowed],
      ...(hint ? { suggestion: hint } : {}),
    });
  }

  private parseValue(field: FieldName): Value {
    const t = this.next();
    const spec: FieldSpec = SEGMENT_FIELDS[field];
    const wrong = (): never => this.fail(t, `${field} takes ${TYPE_WORDS[spec.type]}, found ${describe(t)}`);
    switch (spec.type) {
      case 'number':
      case 'money':
        return t.type === 'number' ? { kind: 'number', value: t.value } : wrong();
      case 'date':
        if (t.type === 'date') return { kind: 'date', value: t.value };
        if (t.type === 'relative') return { kind: 'relative', amount: t.amount, unit: t.unit };
        return wrong();
      case 'text':
      case 'list':
        return t.type === 'string' ? { kind: 'string', value: t.value } : wrong();
      case 'enum': {
        if (t.type !== 'string') return wrong();
        const values = spec.values ?? [];
        if (!values.includes(t.value)) {
          const hint = suggest(t.value, values);
          this.fail(t, `${field} has no value '${t.value}'${hint ? `: did you mean '${hint}'?` : ''}; it takes ${values.join(', ')}`, {
            expected: [...values],
            ...(hint ? { suggestion: hint } : {}),
          });
        }
        return { kind: 'string', value: t.value };
      }
    }
  }
}

/** Parses and type-checks a segment query. Never throws: a bad query is `{ ok: false, error }`. */
export function parseSegmentQuery(text: string): ParseResult {
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  try {
    return { ok: true, query: new Parser(lexed.tokens).parseQuery() };
  } catch (err) {
    if (err instanceof QueryError) return { ok: false, error: err.detail };
    throw err;
  }
}
