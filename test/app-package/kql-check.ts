/**
 * A small, strict check of the KQL in infra/alerts and docs/operations.md (no Kusto parser offline):
 * - the tables read are tables of Microsoft's reference (test/contracts/fixtures/azure-monitor-tables.json);
 * - every capitalised name is a column of one of those tables (the queries name their own columns in
 *   lowerCamelCase, and KQL's functions and operators are lower case, so a capitalised name is a column);
 * - in AppMetrics, `Name == '...'` / `Name in (...)` names metrics of the telemetry contract, and
 *   Properties['...'] their attributes; in the span tables, Properties['...'] names span attributes.
 */
import { readJson } from './helpers';

const fixture = readJson<{ tables: Record<string, string[]> }>('test/contracts/fixtures/azure-monitor-tables.json');
const TABLES = fixture.tables;

/** Metrics and their attributes, as the telemetry contract of issue 17 fixes them (the API between rooms). */
export const CONTRACT_METRICS: Record<string, string[]> = {
  'bot.commands': ['command', 'outcome'],
  'bot.denials': ['reason'],
  'bot.operations': ['kind', 'outcome', 'settled_by'],
  'graph.throttles': ['template'],
  'graph.retries': ['template'],
  'graph.unknown_outcomes': ['kind'],
  'graph.responses': ['template', 'status_class', 'status'],
  'bot.click.answer_time': ['answered'],
  'watch.polls': ['result'],
  'watch.notices': ['result'],
  'outbound.queue.depth': [],
  'outbound.queue.wait': [],
  'bot.credential.expiry_days': ['credential'],
  'http.server.request.duration': ['http.route', 'http.response.status_code'],
};

/**
 * Span attributes of the contract that reach Properties. The Azure Monitor exporter (1.0.0-beta.42,
 * utils/spanUtils.js and types.js) takes http.request.method, http.response.status_code, url.full and
 * enduser.id out of Properties: they become ResultCode, Url / Data and UserAuthenticatedId.
 */
export const CONTRACT_SPAN_ATTRIBUTES = [
  'teams.activity.type',
  'teams.activity.name',
  'teams.activity.id',
  'teams.conversation.kind',
  'teams.conversation.id',
  'bot.command',
  'bot.outcome',
  'token_service.call',
  'entra.tenant_id',
  'url.template',
  'graph.request_id',
  'graph.client_request_id',
  'graph.retry_count',
  'graph.throttled',
  'db.system.name',
  'db.operation.name',
  'connector.operation',
];
const SPAN_TABLES = ['AppRequests', 'AppDependencies'];

/** The text without comments and string literals (each literal replaced by ''), and the literals. */
function strip(query: string): { code: string; literals: string[] } {
  const literals: string[] = [];
  let code = '';
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '/' && query[i + 1] === '/') {
      while (i < query.length && query[i] !== '\n') i++;
      code += '\n';
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < query.length && query[j] !== c) j += query[j] === '\\' ? 2 : 1;
      literals.push(query.slice(i + 1, j));
      code += "''";
      i = j;
    } else code += c;
  }
  return { code, literals };
}

export function kqlProblems(query: string): string[] {
  const problems: string[] = [];
  const { code } = strip(query);
  const names = new Set([...code.matchAll(/(?<![\w.])_?[A-Z]\w*/g)].map((m) => m[0]));
  const read = Object.keys(TABLES).filter((t) => names.has(t));
  if (read.length === 0) problems.push('no known table in the query');
  const columns = new Set(read.flatMap((t) => TABLES[t]));
  for (const name of names) {
    if (TABLES[name] || columns.has(name)) continue;
    problems.push(read.length === 1 ? `${read[0]} has no column ${name}` : `${name} is not a column of any table read`);
  }
  const source = query.replace(/\/\/[^\n]*/g, '');
  const metrics = read.includes('AppMetrics') ? metricNames(source) : [];
  for (const m of metrics) if (!CONTRACT_METRICS[m]) problems.push(`${m} is not a metric of the contract`);
  for (const [, key] of source.matchAll(/Properties\[['"]([^'"]+)['"]\]/g)) {
    if (read.includes('AppMetrics') && metrics.length) {
      if (!metrics.some((m) => CONTRACT_METRICS[m]?.includes(key)))
        problems.push(`Properties['${key}'] is not an attribute of ${metrics.join(', ')}`);
    } else if (read.some((t) => SPAN_TABLES.includes(t))) {
      if (!CONTRACT_SPAN_ATTRIBUTES.includes(key))
        problems.push(`Properties['${key}'] is not an attribute of the contract's spans`);
    }
  }
  return problems;
}

/** The metric names a query picks: Name == 'x', Name in ('x', 'y'). */
function metricNames(query: string): string[] {
  const out: string[] = [];
  for (const m of query.matchAll(/\bName\s*==\s*'([^']+)'/g)) out.push(m[1]);
  for (const m of query.matchAll(/\bName\s+in\s*\(([^)]*)\)/g))
    out.push(...[...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]));
  return out;
}
