/**
 * The bot's side of the telemetry contract (docs/architecture.md, "Instrumentation"):
 * - `traceTurn`: one `teams.activity` SERVER span per activity, the root of the turn's trace, with what the turn
 *   was (type, invoke name, ids, conversation kind, the user's AAD object id as the logs carry it), the command
 *   it ran and its outcome (the reply type), and the HTTP status; `bot.commands` counted at its end. Every log
 *   line of the turn carries the activity id and conversation id (logging.ts `withLogFields`).
 * - `noteCommand` / `noteReply`: what the turn helper (turn.ts) learns during the turn, kept in the turn's state.
 * - `connectorTelemetry`: a `teams.connector` CLIENT span per post or update to the Bot Connector, in a turn and
 *   in a proactive one (continueConversationAsync runs the adapter's middleware too).
 * - `tracedTokenClient`: a `teams.token_service` CLIENT span per token service call.
 * Never a message's text, a card, a token or an Authorization header: ids, names from fixed sets, statuses.
 */
import {
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type Span,
} from '@opentelemetry/api';
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { Reply } from '../core/replies';
import { count, inSpan, meter, record } from '../instruments';
import { withLogFields } from '../logging';
import { VERBS } from '../cards';

/** What the turn ran and answered, noted by turn.ts. */
interface TurnNote {
  command?: string;
  outcome?: string;
}

const TURN_NOTE = Symbol('turnNote');
/** The card contract's verbs (cards/actions.ts VERBS): a new verb is named in telemetry without a change here. */
const KNOWN_VERBS = new Set<string>(VERBS);
const CONVERSATION_KINDS = new Set(['personal', 'groupChat', 'channel']);

function noteOf(context: TurnContext): TurnNote | undefined {
  return context.turnState.get(TURN_NOTE) as TurnNote | undefined;
}

/** The command a message runs (its catalogue name, or `unknown`). */
export function noteCommand(context: TurnContext, name: string): void {
  const note = noteOf(context);
  if (note) note.command = name;
}

/** The reply the turn answered with (its type: confirm, operation, denied, error...). */
export function noteReply(context: TurnContext, reply: Reply): void {
  const note = noteOf(context);
  if (note) note.outcome = reply.type;
}

type Body = Partial<Activity> | undefined;

/** A string from the activity, cut to a length an id or a name has (the body is read before it is authenticated). */
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v.slice(0, 256) : undefined;
}

/** A card click's verb, when it is one this version knows (anything else is not a name to keep). */
function verbOf(a: Body): string | undefined {
  const verb = (a?.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  return a?.type === 'invoke' && a.name === 'adaptiveCard/action' && typeof verb === 'string' && KNOWN_VERBS.has(verb)
    ? verb
    : undefined;
}

function turnAttributes(a: Body): Attributes {
  const kind = str(a?.conversation?.conversationType);
  const out: Attributes = {};
  const put = (k: string, v: string | undefined) => v !== undefined && (out[k] = v);
  put('teams.activity.type', str(a?.type));
  put('teams.activity.name', str(a?.name));
  put('teams.activity.id', str(a?.id));
  put('teams.conversation.kind', kind && CONVERSATION_KINDS.has(kind) ? kind : kind ? 'other' : undefined);
  put('teams.conversation.id', str(a?.conversation?.id));
  put('enduser.id', str(a?.from?.aadObjectId));
  return out;
}

export interface TurnHttp {
  body?: unknown;
}

/**
 * Runs one activity request in its `teams.activity` span; `process` gets the function that marks a turn context
 * as this request's (for noteCommand / noteReply).
 */
export function traceTurn(
  req: TurnHttp,
  res: object,
  process: (bind: (context: TurnContext) => void) => Promise<void>,
): Promise<void> {
  const activity = req.body as Body;
  const note: TurnNote = { command: verbOf(activity) };
  const bind = (context: TurnContext) => void context.turnState.set(TURN_NOTE, note);
  const fields = { activityId: str(activity?.id), conversationId: str(activity?.conversation?.id) };
  return inSpan('teams.activity', { kind: SpanKind.SERVER }, async (span) => {
    if (span.isRecording()) span.setAttributes(turnAttributes(activity));
    try {
      await withLogFields(fields, () => process(bind));
    } finally {
      const status = (res as { statusCode?: unknown }).statusCode;
      endTurn(span, note, typeof status === 'number' ? status : undefined);
    }
  });
}

function endTurn(span: Span, note: TurnNote, status: number | undefined): void {
  if (note.command) count('commands', { command: note.command, outcome: note.outcome ?? 'none' });
  if (!span.isRecording()) return;
  if (note.command) span.setAttribute('bot.command', note.command);
  if (note.outcome) span.setAttribute('bot.outcome', note.outcome);
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (status !== undefined && status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: String(status) });
}

const NOT_SENT = new Set(['invokeResponse', 'trace', 'delay']);

function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

function connectorCall<T>(operation: 'post' | 'update', work: () => Promise<T>): Promise<T> {
  return inSpan('teams.connector', { kind: SpanKind.CLIENT }, async (span) => {
    span.setAttribute('connector.operation', operation);
    try {
      return await work();
    } catch (e) {
      const status = statusOf(e);
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      throw e;
    }
  });
}

/** Adapter middleware: each post and update that goes to the Bot Connector in its span. */
export function connectorTelemetry(): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      context.onSendActivities((_ctx, activities, send) =>
        activities.some((a) => !NOT_SENT.has(a.type ?? '')) ? connectorCall('post', send) : send(),
      );
      context.onUpdateActivity((_ctx, _activity, send) => connectorCall('update', send));
      await next();
    },
  };
}

const TOKEN_CALLS: Record<string, string> = {
  getUserToken: 'GetToken',
  exchangeToken: 'exchange',
  getSignInResource: 'GetSignInResource',
  signOutUser: 'SignOut',
};

/** The token service client, each of its calls in a `teams.token_service` span (`token_service.call`). */
export function tracedTokenClient(inner: UserTokenClient): UserTokenClient {
  return new Proxy(inner, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const call = typeof prop === 'string' ? TOKEN_CALLS[prop] : undefined;
      if (!call) return value.bind(target);
      return (...args: unknown[]) =>
        inSpan('teams.token_service', { kind: SpanKind.CLIENT }, async (span) => {
          span.setAttribute('token_service.call', call);
          try {
            const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (call === 'GetToken')
              span.setAttribute('token_service.found', Boolean((result as { token?: unknown } | undefined)?.token));
            return result;
          } catch (e) {
            const status = statusOf(e);
            if (status !== undefined) span.setAttribute('http.response.status_code', status);
            throw e;
          }
        });
    },
  });
}

/**
 * Work a turn leaves running after its answer, as the root of a trace of its own (it outlives the turn), linked
 * to the span that started it (the click's `teams.activity`).
 */
export function inLinkedRoot(name: 'click.background', work: () => Promise<void>): Promise<void> {
  const from = trace.getActiveSpan()?.spanContext();
  const links: Link[] = from && isSpanContextValid(from) ? [{ context: from }] : [];
  return inSpan(name, { kind: SpanKind.INTERNAL, root: true, links }, () => work(), ROOT_CONTEXT);
}

/** How long a confirm click took to be answered, and whether with its result or "in progress". */
export function clickAnswered(startedMs: number, answered: 'result' | 'in_progress'): void {
  record('clickAnswerTime', performance.now() - startedMs, { answered });
}

export function queueWaited(ms: number): void {
  record('queueWait', ms);
}

/** `outbound.queue.depth`, read from the queue at each collection; the returned function stops it. */
export function observeQueueDepth(queue: { readonly depth: number }): () => void {
  const gauge = meter().createObservableGauge('outbound.queue.depth', {
    description: 'Outgoing messages queued or being sent',
  });
  const observe = (result: { observe(value: number): void }) => result.observe(queue.depth);
  gauge.addCallback(observe);
  return () => gauge.removeCallback(observe);
}
