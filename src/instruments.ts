/**
 * The bot's OpenTelemetry instruments, by the names of the telemetry contract (docs/architecture.md,
 * "Instrumentation"): one tracer and one meter named `intune-ra-bot`, through @opentelemetry/api only. The SDK and
 * its exporters are set up elsewhere (src/telemetry/); with none registered every call here is the API's
 * no-op, so the rooms that record (bot/, graph/, identity/, store/, wiring) pay next to nothing.
 *
 * The metrics API has no proxy: a meter taken before the SDK is registered stays a no-op meter for good. So
 * the instruments are made on first use and made again when the global MeterProvider changes (the SDK set up
 * after these modules were loaded, or a test's in-memory SDK).
 */
import {
  context,
  metrics,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';

export const INSTRUMENTATION_NAME = 'intune-ra-bot';

export function tracer(): Tracer {
  return trace.getTracer(INSTRUMENTATION_NAME);
}

export function meter(): Meter {
  return metrics.getMeter(INSTRUMENTATION_NAME);
}

function instruments(m: Meter) {
  return {
    commands: m.createCounter('bot.commands', {
      description: 'Turns by command (catalogue name or card verb) and outcome (reply type)',
    }),
    denials: m.createCounter('bot.denials', { description: 'Refusals recorded, by reason' }),
    operations: m.createCounter('bot.operations', {
      description: 'Operations decided, by kind, outcome and how the outcome became known',
    }),
    graphThrottles: m.createCounter('graph.throttles', {
      description: 'Graph answers 429/503 (throttled), by path template',
    }),
    graphRetries: m.createCounter('graph.retries', {
      description: 'Graph requests sent again after a throttle, by path template',
    }),
    graphUnknownOutcomes: m.createCounter('graph.unknown_outcomes', {
      description: 'Graph actions whose answer was lost, by operation kind',
    }),
    graphResponses: m.createCounter('graph.responses', { description: 'Graph answers by path template and status' }),
    clickAnswerTime: m.createHistogram('bot.click.answer_time', {
      unit: 'ms',
      description: 'Time to answer a confirm click, by what it answered (result or in_progress)',
    }),
    watchPolls: m.createCounter('watch.polls', { description: "The watch's polls of a tenant, by result" }),
    watchNotices: m.createCounter('watch.notices', {
      description: "The watch's notices, by result (sent, retried, dropped)",
    }),
    queueWait: m.createHistogram('outbound.queue.wait', {
      unit: 'ms',
      description: 'Time an outgoing message waited in its queue before its first try',
    }),
  };
}

type Instruments = ReturnType<typeof instruments>;
let made: { provider: MeterProvider; instruments: Instruments } | undefined;

/** The instruments of the MeterProvider registered now (cheap: one global read when nothing changed). */
export function instrumentsNow(): Instruments {
  const provider = metrics.getMeterProvider();
  if (made?.provider !== provider)
    made = { provider, instruments: instruments(provider.getMeter(INSTRUMENTATION_NAME)) };
  return made.instruments;
}

export function count(name: Exclude<keyof Instruments, 'clickAnswerTime' | 'queueWait'>, attributes: Attributes): void {
  (instrumentsNow()[name] as Counter).add(1, attributes);
}

export function record(name: 'clickAnswerTime' | 'queueWait', value: number, attributes?: Attributes): void {
  (instrumentsNow()[name] as Histogram).record(value, attributes);
}

/**
 * Runs `work` in a span made active for it (its children, and the log lines written meanwhile, carry it):
 * ended when the work ends, marked as an error (the error's name only: messages may quote what a caller sent)
 * when it throws.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  const span = tracer().startSpan(name, options, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (e) {
    failed(span, e);
    throw e;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error's kind or name (never its message: it may quote a token or a text). */
export function failed(span: Span, e: unknown): void {
  if (!span.isRecording()) return;
  const o = e as { kind?: unknown; name?: unknown } | null;
  const type = typeof o?.kind === 'string' ? o.kind : typeof o?.name === 'string' ? o.name : 'error';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}
