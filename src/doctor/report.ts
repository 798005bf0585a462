/**
 * The doctor's output: one line per check (✔ passed, ✘ failed with "-> what to do", ! a warning with what to
 * do, ○ skipped with why),
 * then a summary. Last line of defence against leaking: the configured secrets, anything shaped like a
 * JWT, Bearer values and URL passwords are masked in every line (the checks never mean to print one).
 */
import type { CheckResult } from './types';

const SYMBOL = { pass: '✔', fail: '✘', warn: '!', skip: '○' } as const;
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(bearer\s+)[^\s"',;]+/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+:)[^@/?#\s]+@/gi;

export function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out.replace(JWT, '[jwt]').replace(BEARER, '$1***').replace(URL_PASSWORD, '$1***@');
}

export function formatResult(r: CheckResult): string {
  return `${SYMBOL[r.status]} ${r.id}: ${r.text}${r.status === 'fail' || r.status === 'warn' ? ` -> ${r.advice}` : ''}`;
}

export function summary(results: readonly CheckResult[]): string {
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  const failed = count('fail');
  const warned = count('warn');
  const text = `${count('pass')} passed, ${failed} failed, ${count('skip')} skipped${warned ? `, ${warned} warning(s) (the ! lines)` : ''}`;
  return failed
    ? `doctor: ${text}: fix the ✘ lines above, then run the doctor again`
    : `doctor: ${text}: nothing to fix`;
}

export function formatReport(results: readonly CheckResult[], secrets: readonly string[]): string[] {
  return [...results.map(formatResult), summary(results)].map((l) => scrub(l.replace(/\s+/g, ' ').trim(), secrets));
}
