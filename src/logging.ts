/**
 * JSON lines on stdout; in local mode on a terminal, readable lines (`HH:MM:SS level msg key=value ...`).
 * Anything that looks like a token is masked before it is written, in either format, as a last line of
 * defence: the code never means to log one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Logger } from './core/logger';
import type { LogFormatSetting, LogLevel } from './config';

/** json: one JSON object a line (the cloud, pipes, files); pretty: for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(bearer\s+)[^\s"']+/gi;
const SECRET_KEYS = /authorization|token|secret|password|assertion|cookie|client_assertion|connection_?string/i;
/** An Application Insights connection string (or its key) that found its way into a message. */
const IKEY = /(instrumentationkey=)[^;\s"']+/gi;

export function maskSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return value.replace(JWT, '[jwt]').replace(BEARER, '$1[redacted]').replace(IKEY, '$1[redacted]');
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return { name: value.name, message: maskSecrets(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEYS.test(k) && typeof v === 'string' ? '[redacted]' : maskSecrets(v, depth + 1);
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

/** The format local mode writes: LOG_FORMAT when set, otherwise pretty on a terminal and JSON when piped or redirected. */
export function logFormatFor(setting: LogFormatSetting, isTty: boolean | undefined): LogFormat {
  if (setting !== 'auto') return setting;
  return isTty ? 'pretty' : 'json';
}

const two = (n: number) => String(n).padStart(2, '0');

function prettyValue(v: unknown): string {
  if (typeof v === 'string') return v !== '' && /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One masked log record as a person reads it: local time, level, message, then the fields as key=value. */
export function formatPrettyLine(
  line: { time: string; level: string; msg: unknown } & Record<string, unknown>,
): string {
  const { time, level, msg, ...fields } = line;
  const t = new Date(time);
  const clock = `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  const rest = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${prettyValue(v)}`);
  return [clock, level.padEnd(5), String(msg), ...rest].join(' ');
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
  format: LogFormat = 'json',
): Logger {
  const min = ORDER[level];
  const serialize = format === 'pretty' ? formatPrettyLine : (l: object) => JSON.stringify(l);
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const around = context();
    const line = {
      time: new Date().toISOString(),
      level: lvl,
      msg: maskSecrets(msg),
      ...(around ? (maskSecrets(around) as object) : {}),
      ...(fields ? (maskSecrets(fields) as object) : {}),
    };
    try {
      write(serialize(line));
    } catch {
      write(serialize({ time: line.time, level: lvl, msg: String(line.msg), note: 'fields not serializable' }));
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
export function writeStderrLine(
  prefix: string,
  detail: unknown,
  write: (line: string) => void = (l) => process.stderr.write(l),
): void {
  const text = typeof detail === 'string' ? (maskSecrets(detail) as string) : JSON.stringify(maskSecrets(detail));
  write(`${prefix}${text}\n`);
}
