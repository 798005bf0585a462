/**
 * JSON lines on stdout. Anything that looks like a token is masked before it is written, as a last line
 * of defence: the code never means to log one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Logger } from './core/logger';
import type { LogLevel } from './config';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(bearer\s+)[^\s"']+/gi;
const SECRET_KEYS = /authorization|token|secret|password|assertion|cookie|client_assertion|connection_?string/i;
/** An Application Insights connection string (or its key) that found its way into a message. */
const IKEY = /(instrumentationkey=)[^;\s"']+/gi;

export function maskSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(JWT, '[jwt]').replace(BEARER, '$1[redacted]').replace(IKEY, '$1[redacted]');
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return { name: value.name, message: maskSecrets(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) && typeof v === 'string' ? '[redacted]' : maskSecrets(v, depth + 1);
  return out;
}

const bound = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Runs `work` with `fields` on every log line written meanwhile, by any logger and any room (the core logs
 * through the Logger it was given at start): the child logger of a turn, bound to its activity and conversation.
 * Undefined fields are left out; an inner binding adds to the outer one.
 */
export function withLogFields<T>(fields: Record<string, unknown>, work: () => T): T {
  const own = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return bound.run({ ...bound.getStore(), ...own }, work);
}

/** The active span's trace and span ids (the trace id is the operation id Application Insights shows), and the bound fields. */
function context(): Record<string, unknown> | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  const fields = bound.getStore();
  if (!span || !isSpanContextValid(span)) return fields;
  return { trace_id: span.traceId, span_id: span.spanId, ...fields };
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  const min = ORDER[level];
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const around = context();
    const line = { time: new Date().toISOString(), level: lvl, msg: maskSecrets(msg), ...(around ? (maskSecrets(around) as object) : {}), ...(fields ? (maskSecrets(fields) as object) : {}) };
    try {
      write(JSON.stringify(line));
    } catch {
      write(JSON.stringify({ time: line.time, level: lvl, msg: String(line.msg), note: 'fields not serializable' }));
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/**
 * One line on stderr, for what cannot go through the logger (before it exists, or after the process is
 * past saving): masked as a log line is. An object is masked field by field, then written as JSON.
 */
export function writeStderrLine(prefix: string, detail: unknown, write: (line: string) => void = (l) => process.stderr.write(l)): void {
  const text = typeof detail === 'string' ? (maskSecrets(detail) as string) : JSON.stringify(maskSecrets(detail));
  write(`${prefix}${text}\n`);
}
