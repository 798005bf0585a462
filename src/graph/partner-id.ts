/**
 * Partner ids are checked before any request: only plausible ids (GUIDs and similar keys) reach a URL, and
 * they are URL-encoded on top, so input such as '../users' can never change the request path.
 */
import { AppError } from '../core/errors';

const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isValidPartnerId(id: unknown): id is string {
  return typeof id === 'string' && PARTNER_ID.test(id) && !id.includes('..');
}

/** The id, URL-encoded for a path segment; AppError 'input.invalidPartnerId' when implausible. */
export function partnerIdSegment(id: unknown): string {
  if (!isValidPartnerId(id)) throw new AppError('input.invalidPartnerId', 'The partner id is not a valid identifier');
  return encodeURIComponent(id);
}
