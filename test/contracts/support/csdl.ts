/**
 * Reads the CSDL elements of test/contracts/fixtures/graph-beta-remote-assistance.xml (copied verbatim from
 * Microsoft's metadata) into a small model, and checks JSON values against it: every declared property present,
 * of its Edm type, null only where Nullable is not "false", enum values only from the enum, nothing undeclared
 * except @odata annotations. Only the constructs the fixtures use are read (EntityType, EnumType, Action, and for
 * graph-beta-intune-rbac.xml ComplexType and Function).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EdmProperty {
  name: string;
  type: string;
  /** OData's default is true when the attribute is absent. */
  nullable: boolean;
}

export interface EdmParameter extends EdmProperty {
  optional: boolean;
}

export interface Csdl {
  entityTypes: Map<string, { baseType?: string; properties: EdmProperty[] }>;
  enums: Map<string, string[]>;
  actions: { name: string; isBound: boolean; parameters: EdmParameter[] }[];
  complexTypes: Map<string, EdmProperty[]>;
  /** Functions (overloads kept apart), with their return type as written. */
  functions: { name: string; isBound: boolean; parameters: EdmParameter[]; returnType: string }[];
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
const short = (type: string) => type.replace(/^(graph|microsoft\.graph)\./, '');

function properties(body: string): EdmProperty[] {
  return [...body.matchAll(/<Property\b[^>]*\/>/g)].map(([tag]) => ({
    name: attr(tag, 'Name')!,
    type: attr(tag, 'Type')!,
    nullable: attr(tag, 'Nullable') !== 'false',
  }));
}

export function parseCsdl(xml: string): Csdl {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  const csdl: Csdl = { entityTypes: new Map(), enums: new Map(), actions: [], complexTypes: new Map(), functions: [] };
  for (const [, open, body] of text.matchAll(/<EntityType\b([^>]*)>([\s\S]*?)<\/EntityType>/g)) {
    const baseType = attr(open, 'BaseType');
    csdl.entityTypes.set(attr(open, 'Name')!, {
      baseType: baseType ? short(baseType) : undefined,
      properties: properties(body),
    });
  }
  for (const [, open, body] of text.matchAll(/<EnumType\b([^>]*)>([\s\S]*?)<\/EnumType>/g)) {
    csdl.enums.set(
      attr(open, 'Name')!,
      [...body.matchAll(/<Member\b[^>]*\/>/g)].map(([m]) => attr(m, 'Name')!),
    );
  }
  const parameters = (body: string): EdmParameter[] =>
    [...body.matchAll(/<Parameter\b([^>]*?)(\/>|>([\s\S]*?)<\/Parameter>)/g)].map(([tag, , , inner]) => ({
      name: attr(tag, 'Name')!,
      type: short(attr(tag, 'Type')!),
      nullable: attr(tag, 'Nullable') !== 'false',
      optional: /Org\.OData\.Core\.V1\.OptionalParameter/.test(inner ?? ''),
    }));
  for (const [, open, body] of text.matchAll(/<Action\b([^>]*)>([\s\S]*?)<\/Action>/g)) {
    csdl.actions.push({
      name: attr(open, 'Name')!,
      isBound: attr(open, 'IsBound') === 'true',
      parameters: parameters(body),
    });
  }
  for (const [, open, body] of text.matchAll(/<ComplexType\b([^>]*?)(?:\/>|>([\s\S]*?)<\/ComplexType>)/g)) {
    csdl.complexTypes.set(attr(open, 'Name')!, properties(body ?? ''));
  }
  for (const [, open, body] of text.matchAll(/<Function\b([^>]*)>([\s\S]*?)<\/Function>/g)) {
    const returnTag = /<ReturnType\b[^>]*\/>/.exec(body)?.[0] ?? '';
    csdl.functions.push({
      name: attr(open, 'Name')!,
      isBound: attr(open, 'IsBound') === 'true',
      parameters: parameters(body),
      returnType: attr(returnTag, 'Type') ?? '',
    });
  }
  return csdl;
}

export function loadCsdl(file = 'graph-beta-remote-assistance.xml'): Csdl {
  return parseCsdl(readFileSync(join(__dirname, '../fixtures', file), 'utf8'));
}

/** The properties of an entity type, its base types' first (graph.entity's id). */
export function allProperties(csdl: Csdl, entity: string): EdmProperty[] {
  const type = csdl.entityTypes.get(entity);
  if (!type) throw new Error(`no EntityType ${entity} in the fixture`);
  return [...(type.baseType ? allProperties(csdl, type.baseType) : []), ...type.properties];
}

/** ISO 8601 date-time with a time-zone designator, as OData JSON writes Edm.DateTimeOffset. */
/** ISO 8601 duration, as OData JSON writes Edm.Duration (P730D, P180D, PT0S). */
const DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const DATE_TIME_OFFSET = /^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

function valueProblem(csdl: Csdl, p: EdmProperty, value: unknown): string | undefined {
  if (value === null) return p.nullable ? undefined : `${p.name} is null but ${p.type} Nullable="false"`;
  const type = short(p.type);
  if (type === 'Edm.String') return typeof value === 'string' ? undefined : `${p.name} is not a string`;
  if (type === 'Edm.DateTimeOffset') {
    return typeof value === 'string' && DATE_TIME_OFFSET.test(value) && !Number.isNaN(Date.parse(value))
      ? undefined
      : `${p.name} ${JSON.stringify(value)} is not an Edm.DateTimeOffset`;
  }
  if (type === 'Edm.Duration')
    return typeof value === 'string' && DURATION.test(value)
      ? undefined
      : `${p.name} ${JSON.stringify(value)} is not an Edm.Duration`;
  if (type === 'Edm.Boolean') return typeof value === 'boolean' ? undefined : `${p.name} is not a boolean`;
  const members = csdl.enums.get(type);
  if (members)
    return typeof value === 'string' && members.includes(value)
      ? undefined
      : `${p.name} ${JSON.stringify(value)} is not a member of ${type} (${members.join(', ')})`;
  if (csdl.complexTypes.has(type)) return complexProblems(csdl, type, value, p.name).join('; ') || undefined;
  return `${p.name}: the checker does not know type ${p.type}`;
}

/** Everything about `value` that disagrees with the metadata of `entity` (empty when it conforms). */
export function entityProblems(csdl: Csdl, entity: string, value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['not a JSON object'];
  const o = value as Record<string, unknown>;
  const props = allProperties(csdl, entity);
  const problems: string[] = [];
  for (const p of props) {
    if (!(p.name in o)) problems.push(`${p.name} is missing`);
    else {
      const problem = valueProblem(csdl, p, o[p.name]);
      if (problem) problems.push(problem);
    }
  }
  const declared = new Set(props.map((p) => p.name));
  for (const key of Object.keys(o)) {
    if (!declared.has(key) && !key.startsWith('@odata.')) problems.push(`${key} is not declared on ${entity}`);
  }
  if ('@odata.type' in o && o['@odata.type'] !== `#microsoft.graph.${entity}`)
    problems.push(`@odata.type is ${String(o['@odata.type'])}`);
  return problems;
}

/**
 * Everything about `value` that disagrees with the ComplexType `name`: every declared property present, a
 * Collection(...) an array (or null) of its element type (Edm.String, or a complex type, checked in turn),
 * nothing undeclared except @odata annotations.
 */
export function complexProblems(csdl: Csdl, name: string, value: unknown, path = name): string[] {
  const props = csdl.complexTypes.get(name);
  if (!props) return [`${path}: no ComplexType ${name} in the fixture`];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path} is not a JSON object`];
  const o = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const p of props) {
    if (!(p.name in o)) {
      problems.push(`${path}.${p.name} is missing`);
      continue;
    }
    const v = o[p.name];
    const element = /^Collection\((.+)\)$/.exec(p.type)?.[1];
    if (v === null) {
      if (!p.nullable) problems.push(`${path}.${p.name} is null but Nullable="false"`);
    } else if (element) {
      if (!Array.isArray(v)) problems.push(`${path}.${p.name} is not a collection`);
      else
        v.forEach((item, i) =>
          problems.push(...elementProblems(csdl, short(element), item, `${path}.${p.name}[${i}]`)),
        );
    } else problems.push(...elementProblems(csdl, short(p.type), v, `${path}.${p.name}`));
  }
  const declared = new Set(props.map((p) => p.name));
  for (const key of Object.keys(o))
    if (!declared.has(key) && !key.startsWith('@odata.')) problems.push(`${path}.${key} is not declared on ${name}`);
  return problems;
}

function elementProblems(csdl: Csdl, type: string, value: unknown, path: string): string[] {
  if (type === 'Edm.String') return typeof value === 'string' ? [] : [`${path} is not a string`];
  if (csdl.complexTypes.has(type)) return complexProblems(csdl, type, value, path);
  const members = csdl.enums.get(type);
  if (members)
    return typeof value === 'string' && members.includes(value)
      ? []
      : [`${path} ${JSON.stringify(value)} is not a member of ${type}`];
  return [`${path}: the checker does not know type ${type}`];
}
