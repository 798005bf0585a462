/**
 * Reads the CSDL elements of test/contracts/fixtures/graph-beta-remote-assistance.xml (copied verbatim from
 * Microsoft's metadata) into a small model, and checks JSON values against it: every declared property present,
 * of its Edm type, null only where Nullable is not "false", enum values only from the enum, nothing undeclared
 * except @odata annotations. Only the constructs that file uses are read (EntityType, EnumType, Action).
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
  const csdl: Csdl = { entityTypes: new Map(), enums: new Map(), actions: [] };
  for (const [, open, body] of text.matchAll(/<EntityType\b([^>]*)>([\s\S]*?)<\/EntityType>/g)) {
    const baseType = attr(open, 'BaseType');
    csdl.entityTypes.set(attr(open, 'Name')!, { baseType: baseType ? short(baseType) : undefined, properties: properties(body) });
  }
  for (const [, open, body] of text.matchAll(/<EnumType\b([^>]*)>([\s\S]*?)<\/EnumType>/g)) {
    csdl.enums.set(attr(open, 'Name')!, [...body.matchAll(/<Member\b[^>]*\/>/g)].map(([m]) => attr(m, 'Name')!));
  }
  for (const [, open, body] of text.matchAll(/<Action\b([^>]*)>([\s\S]*?)<\/Action>/g)) {
    const parameters = [...body.matchAll(/<Parameter\b([^>]*?)(\/>|>([\s\S]*?)<\/Parameter>)/g)].map(([tag, , , inner]) => ({
      name: attr(tag, 'Name')!,
      type: short(attr(tag, 'Type')!),
      nullable: attr(tag, 'Nullable') !== 'false',
      optional: /Org\.OData\.Core\.V1\.OptionalParameter/.test(inner ?? ''),
    }));
    csdl.actions.push({ name: attr(open, 'Name')!, isBound: attr(open, 'IsBound') === 'true', parameters });
  }
  return csdl;
}

export function loadCsdl(): Csdl {
  return parseCsdl(readFileSync(join(__dirname, '../fixtures/graph-beta-remote-assistance.xml'), 'utf8'));
}

/** The properties of an entity type, its base types' first (graph.entity's id). */
export function allProperties(csdl: Csdl, entity: string): EdmProperty[] {
  const type = csdl.entityTypes.get(entity);
  if (!type) throw new Error(`no EntityType ${entity} in the fixture`);
  return [...(type.baseType ? allProperties(csdl, type.baseType) : []), ...type.properties];
}

/** ISO 8601 date-time with a time-zone designator, as OData JSON writes Edm.DateTimeOffset. */
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
  const members = csdl.enums.get(type);
  if (members) return typeof value === 'string' && members.includes(value) ? undefined : `${p.name} ${JSON.stringify(value)} is not a member of ${type} (${members.join(', ')})`;
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
  if ('@odata.type' in o && o['@odata.type'] !== `#microsoft.graph.${entity}`) problems.push(`@odata.type is ${String(o['@odata.type'])}`);
  return problems;
}
