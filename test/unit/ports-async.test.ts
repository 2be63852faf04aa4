import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every port is asynchronous (src/crm/README.md): a PostgreSQL implementation answers each call
// with real I/O, so a method that returns a plain value could not be implemented there. This reads
// the port files with the TypeScript parser and lists every method of an exported interface whose
// declared return type is not a Promise, so a new module is async from its first line.

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Methods that do no storage I/O, each with its reason. */
const SYNCHRONOUS_BY_DESIGN: Record<string, string> = {
  'src/inbox/inbox.port.ts InboxQueue.onAccepted': 'registers an in-process listener; nothing is stored',
};

function portFiles(): string[] {
  const crm = readdirSync(join(root, 'src/crm'), { recursive: true, encoding: 'utf8' }).map((f) => join('src/crm', f));
  const inbox = readdirSync(join(root, 'src/inbox'), { encoding: 'utf8' }).map((f) => join('src/inbox', f));
  return [...crm, ...inbox].filter((f) => f.endsWith('.port.ts')).sort();
}

const isPromise = (type: ts.TypeNode | undefined) =>
  type !== undefined && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise';

/** `Interface.method` of every exported interface's method (or function-typed property) not declared to return a Promise. */
export function synchronousMethods(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isInterfaceDeclaration(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const member of statement.members) {
      const name = member.name?.getText(file) ?? '(anonymous)';
      const returns = ts.isMethodSignature(member)
        ? member.type
        : ts.isPropertySignature(member) && member.type && ts.isFunctionTypeNode(member.type)
          ? member.type.type
          : null;
      if (returns === null) continue; // a plain property, not a call
      if (!isPromise(returns)) found.push(`${statement.name.text}.${name}`);
    }
  }
  return found;
}

describe('ports are asynchronous', () => {
  it('finds the port files it checks', () => {
    const files = portFiles();
    expect(files).toEqual(
      expect.arrayContaining(['src/crm/store.port.ts', 'src/crm/tenancy/connections.port.ts', 'src/inbox/inbox.port.ts']),
    );
  });

  it('every method of an exported interface in src/crm/**/*.port.ts and src/inbox/*.port.ts returns a Promise', () => {
    const offenders = portFiles()
      .flatMap((f) => synchronousMethods(f, readFileSync(join(root, f), 'utf8')).map((m) => `${f} ${m}`))
      .filter((m) => !SYNCHRONOUS_BY_DESIGN[m]);
    expect(offenders).toEqual([]);
  });

  it.each([
    {
      title: 'a method returning a value',
      code: 'export interface ThingsPort { get(id: string): Thing | undefined; }',
      found: ['ThingsPort.get'],
    },
    { title: 'a method returning nothing', code: 'export interface ThingsPort { save(t: Thing): void; }', found: ['ThingsPort.save'] },
    { title: 'a function-typed property', code: 'export interface ThingsPort { load: () => Thing[]; }', found: ['ThingsPort.load'] },
    { title: 'a method without a declared return type', code: 'export interface ThingsPort { count(); }', found: ['ThingsPort.count'] },
    {
      title: 'asynchronous methods and properties',
      code: 'export interface ThingsPort { get(id: string): Promise<Thing>; load: () => Promise<void>; name: string; }',
      found: [],
    },
    { title: 'an interface that is not exported', code: 'interface Local { get(): Thing; }', found: [] },
  ])('reports $title', ({ code, found }) => {
    expect(synchronousMethods('x.port.ts', code)).toEqual(found);
  });

  it('keeps its exceptions true: each names a method that exists and is synchronous', () => {
    for (const key of Object.keys(SYNCHRONOUS_BY_DESIGN)) {
      const [file, method] = key.split(' ') as [string, string];
      expect(synchronousMethods(file, readFileSync(join(root, file), 'utf8'))).toContain(method);
    }
  });
});
