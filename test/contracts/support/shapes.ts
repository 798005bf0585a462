/**
 * Checkers for the documented shapes (fixtures in ../fixtures): Graph's error JSON, Retry-After, Entra's token
 * answers and errors. Each returns the list of problems, empty when the value conforms, so a test shows what is
 * wrong. The suites also run them on Microsoft's own examples, and on broken values, so that they cannot pass
 * by being too kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '../fixtures', name), 'utf8')) as T;
}

const typeOf = (v: unknown): string =>
  Array.isArray(v) ? (v.every((x) => typeof x === 'number') ? 'number[]' : 'array') : v === null ? 'null' : typeof v;

/** Keys and types against a {required, optional} map of key -> 'string' | 'number' | 'object' | 'number[]' | 'array'. */
export function fieldProblems(
  o: unknown,
  required: Record<string, string>,
  optional: Record<string, string> = {},
): string[] {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return ['not a JSON object'];
  const rec = o as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, type] of Object.entries(required)) {
    if (!(key in rec)) problems.push(`${key} is missing`);
    else if (typeOf(rec[key]) !== type) problems.push(`${key} is ${typeOf(rec[key])}, not ${type}`);
  }
  for (const [key, value] of Object.entries(rec)) {
    if (key in required) continue;
    if (!(key in optional)) problems.push(`${key} is not documented`);
    else if (typeOf(value) !== optional[key]) problems.push(`${key} is ${typeOf(value)}, not ${optional[key]}`);
  }
  return problems;
}

const graphErrors = fixture('graph-errors.json');

/** Graph's error response (concepts/errors.md): {"error": {code, message, innerError?}} and nothing else. */
export function graphErrorProblems(body: unknown): string[] {
  const shape = graphErrors.errorShape;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['the body is not a JSON object'];
  const keys = Object.keys(body);
  if (keys.join() !== shape.topLevelKeys.join())
    return [`top-level keys are ${keys.join(', ')}, not ${shape.topLevelKeys.join(', ')}`];
  const error = (body as { error: unknown }).error;
  const problems = fieldProblems(error, shape.errorRequired, shape.errorOptional);
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && !code) problems.push('code is empty');
  return problems;
}

const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Retry-After: delta-seconds (Graph also sends fractions, e.g. 2.128) or an HTTP-date (IMF-fixdate). */
export function retryAfterProblems(value: string | string[] | undefined): string[] {
  if (typeof value !== 'string') return ['Retry-After is missing'];
  return /^\d+(\.\d+)?$/.test(value) || IMF_FIXDATE.test(value)
    ? []
    : [`Retry-After ${JSON.stringify(value)} is neither seconds nor an HTTP-date`];
}

const obo = fixture('entra-obo.json');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function oboSuccessProblems(body: unknown): string[] {
  const problems = fieldProblems(body, obo.success.required, obo.success.optional);
  if ((body as { token_type?: unknown })?.token_type !== obo.success.tokenType)
    problems.push('token_type is not Bearer');
  return problems;
}

/** Entra's token-endpoint error (reference-error-codes.md, v2-oauth2-on-behalf-of-flow.md). */
export function entraErrorProblems(body: unknown): string[] {
  const problems = fieldProblems(body, obo.error.required, obo.error.optional);
  if (problems.length) return problems;
  const e = body as Record<string, any>;
  if (!obo.error.errorValues.includes(e.error)) problems.push(`error ${e.error} is not one of the documented values`);
  const description = new RegExp(obo.error.descriptionPattern).exec(e.error_description);
  if (!description)
    problems.push(
      `error_description does not read "AADSTS<n>: ...\\r\\nTrace ID: ...\\r\\nCorrelation ID: ...\\r\\nTimestamp: ...": ${JSON.stringify(e.error_description)}`,
    );
  else if (Number(description[1]) !== e.error_codes[0])
    problems.push(`error_description says AADSTS${description[1]} but error_codes is ${JSON.stringify(e.error_codes)}`);
  if (!new RegExp(obo.error.timestampPattern).test(e.timestamp))
    problems.push(`timestamp ${e.timestamp} is not "yyyy-mm-dd hh:mm:ssZ"`);
  for (const id of ['trace_id', 'correlation_id']) {
    if (!UUID.test(e[id])) problems.push(`${id} is not a GUID`);
    else if (!String(e.error_description).includes(e[id])) problems.push(`${id} is not the one in error_description`);
  }
  if (e.claims !== undefined) {
    try {
      JSON.parse(e.claims);
    } catch {
      problems.push('claims is not a JSON string');
    }
  }
  return problems;
}
