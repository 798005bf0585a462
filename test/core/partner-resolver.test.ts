import type { Partner } from '../../src/core/model';
import { resolvePartner } from '../../src/core/partner-resolver';

const p = (id: string, displayName: string): Partner => ({ id, displayName, onboardingStatus: 'onboarded' });
const TV = p('6b8d1bd4-2b16-4c2d-9a1c-6f2f0c1a9b01', 'TeamViewer Connector');
const TV2 = p('11111111-2222-3333-4444-555555555555', 'TeamViewer Connector (test)');
const OTHER = p('9c0e2f4a-1111-4a2b-8c3d-0e1f2a3b4c5d', 'Contoso Remote Help');

describe('resolvePartner', () => {
  it('finds by id, case-insensitively', () => {
    expect(resolvePartner([TV, OTHER], TV.id.toUpperCase())).toEqual({ kind: 'one', partner: TV });
  });
  it('finds by exact display name before partial ones', () => {
    expect(resolvePartner([TV, TV2], 'teamviewer connector')).toEqual({ kind: 'one', partner: TV });
  });
  it('finds by leading words ("TeamViewer")', () => {
    expect(resolvePartner([TV, OTHER], 'TeamViewer')).toEqual({ kind: 'one', partner: TV });
  });
  it('refuses to guess between several', () => {
    const r = resolvePartner([TV, TV2, OTHER], 'TeamViewer');
    expect(r.kind).toBe('several');
    expect(r.kind !== 'one' && r.candidates.map((c) => c.id)).toEqual([TV.id, TV2.id]);
  });
  it('offers every partner when nothing matches', () => {
    const r = resolvePartner([TV, OTHER], 'Zoom');
    expect(r).toEqual({ kind: 'none', candidates: [TV, OTHER] });
  });
  it('does not match on tiny fragments', () => {
    expect(resolvePartner([TV, OTHER], 'o').kind).toBe('none');
  });
});
