/**
 * Reading the environment for config.ts: each read names its variable in a problem when the value is bad and falls
 * back to the default, so that loadConfig can report every problem at once (ConfigError).
 */
import { readFileSync } from 'node:fs';

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Tenant and object ids. The Agents Playground's ids have 13 digits in the last group, so one more is let through. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i;

export type Env = Record<string, string | undefined>;

export class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, fallback = ''): string {
    return (this.env[name] ?? '').trim() || fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.str(name);
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  }

  guids(name: string): string[] {
    const list = this.str(name)
      .split(/[,;\s]+/)
      .filter(Boolean);
    const bad = list.filter((v) => !ID.test(v));
    if (bad.length) {
      const shown = bad.map((b) => JSON.stringify(b.slice(0, 60))).join(', ');
      this.problems.push(`${name} must be a comma-separated list of GUIDs (bad: ${shown})`);
    }
    return list.filter((v) => ID.test(v)).map((v) => v.toLowerCase());
  }

  url(name: string, fallback: string, httpsOnly: boolean): string {
    const raw = this.str(name, fallback);
    try {
      const u = new URL(raw);
      if (httpsOnly && u.protocol !== 'https:') this.problems.push(`${name} must be an https URL (got "${raw}")`);
      else if (!/^https?:$/.test(u.protocol)) this.problems.push(`${name} must be an http(s) URL (got "${raw}")`);
      return raw.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${name} is not a URL (got "${raw}")`);
      return fallback;
    }
  }

  /** An https URL; plain http only on a loopback host (a local stand-in). Kept exactly as given. */
  httpsOrLoopbackUrl(name: string, fallback: string): string {
    const raw = this.str(name, fallback);
    try {
      const u = new URL(raw);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname))) {
        this.problems.push(`${name} must be an https URL (http only on 127.0.0.1, localhost or ::1) (got "${raw}")`);
      }
      return raw;
    } catch {
      this.problems.push(`${name} is not a URL (got "${raw}")`);
      return fallback;
    }
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.str(name).toLowerCase();
    if (!raw) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.str(name);
    if (!raw) return fallback;
    const hit = values.find((v) => v.toLowerCase() === raw.toLowerCase());
    if (!hit) this.problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
    return hit ?? fallback;
  }

  /** An ISO 8601 date (2027-06-02 or 2027-06-02T10:00:00Z), or undefined when empty. */
  date(name: string): Date | undefined {
    const raw = this.str(name);
    if (!raw) return undefined;
    const d = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? new Date(raw) : new Date(NaN);
    if (Number.isNaN(d.getTime())) {
      this.problems.push(`${name} must be a date such as 2027-06-02T10:00:00Z (got "${raw.slice(0, 60)}")`);
    }
    return Number.isNaN(d.getTime()) ? undefined : d;
  }

  file(name: string): string | undefined {
    const path = this.str(name);
    if (!path) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      this.problems.push(`${name} names a file that cannot be read (${path}: ${code})`);
      return undefined;
    }
  }
}
