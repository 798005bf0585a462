/**
 * Spans -> trees (a trace's root, its children by parentSpanId, ordered by start) and trees -> indented text:
 * name, duration, key attributes, status. Shared by the tests (`sim.telemetry.trees()`) and `npm run sim -- traces`.
 */
import type { AttributeValue, SimSpan } from './telemetry-sink';

export interface SpanTree {
  span: SimSpan;
  children: SpanTree[];
}

/** Every trace as one or more roots (a span whose parent never arrived is a root too), oldest trace first. */
export function buildTrees(spans: SimSpan[]): SpanTree[] {
  const nodes = new Map<string, SpanTree>();
  for (const span of spans) nodes.set(`${span.traceId}/${span.spanId}`, { span, children: [] });
  const roots: SpanTree[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId ? nodes.get(`${node.span.traceId}/${node.span.parentSpanId}`) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: SpanTree, b: SpanTree) => a.span.startMs - b.span.startMs;
  const sortDeep = (list: SpanTree[]) => {
    list.sort(byStart);
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

/** Depth-first list of a tree's spans. */
export function flatten(tree: SpanTree): SimSpan[] {
  return [tree.span, ...tree.children.flatMap(flatten)];
}

/** Attributes worth a glance in a tree line, in this order (the rest are in --json). */
const KEY_ATTRIBUTES = [
  'bot.command',
  'bot.outcome',
  'teams.activity.type',
  'teams.activity.name',
  'teams.conversation.kind',
  'token_service.call',
  'http.request.method',
  'url.template',
  'http.response.status_code',
  'graph.request_id',
  'graph.retry_count',
  'graph.throttled',
  'db.operation.name',
  'connector.operation',
  'entra.tenant_id',
];

const show = (v: AttributeValue) => (Array.isArray(v) ? `[${v.join(',')}]` : String(v));

export function describeSpan(span: SimSpan): string {
  const attrs = KEY_ATTRIBUTES.filter((k) => span.attributes[k] !== undefined).map(
    (k) => `${k}=${show(span.attributes[k])}`,
  );
  const status = span.status === 'error' ? ' ERROR' : '';
  const links = span.links.length ? ` (linked to ${span.links.map((l) => l.spanId.slice(0, 8)).join(', ')})` : '';
  return `${span.name} ${span.kind.toLowerCase()} ${span.durationMs.toFixed(1)} ms${status}${attrs.length ? `  ${attrs.join(' ')}` : ''}${links}`;
}

/** One line per span, children indented under their parent; a blank line between traces. */
export function renderTrees(trees: SpanTree[]): string[] {
  const lines: string[] = [];
  const walk = (node: SpanTree, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${depth > 1 ? '└ ' : ''}${describeSpan(node.span)}`);
    for (const child of node.children) walk(child, depth + 1);
  };
  trees.forEach((tree, i) => {
    if (i) lines.push('');
    lines.push(`trace ${tree.span.traceId} at ${new Date(tree.span.startMs).toISOString()}`);
    walk(tree, 1);
  });
  return lines;
}
