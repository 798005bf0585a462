/** A partner is named by its id or its display name: case-insensitive, and only when unambiguous. */
import type { Partner } from './model';

export type Resolution =
  | { kind: 'one'; partner: Partner }
  | { kind: 'none'; candidates: Partner[] }
  | { kind: 'several'; candidates: Partner[] };

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

export function resolvePartner(partners: readonly Partner[], query: string): Resolution {
  const q = fold(query);
  const byId = partners.filter((p) => fold(p.id) === q);
  if (byId.length === 1) return { kind: 'one', partner: byId[0] };
  const exact = partners.filter((p) => fold(p.displayName) === q);
  if (exact.length === 1) return { kind: 'one', partner: exact[0] };
  if (exact.length > 1) return { kind: 'several', candidates: exact };
  // "TeamViewer" names "TeamViewer Connector": a match on whole leading words, then anywhere.
  const prefix = partners.filter((p) => (fold(p.displayName) + ' ').startsWith(q + ' '));
  if (prefix.length === 1) return { kind: 'one', partner: prefix[0] };
  if (prefix.length > 1) return { kind: 'several', candidates: prefix };
  const partial = q.length >= 3 ? partners.filter((p) => fold(p.displayName).includes(q)) : [];
  if (partial.length === 1) return { kind: 'one', partner: partial[0] };
  if (partial.length > 1) return { kind: 'several', candidates: partial };
  return { kind: 'none', candidates: [...partners] };
}
