/**
 * Token signing for the simulated Entra: one RS256 key pair per start (async generation, never stored),
 * published as JWKS; sign and verify with jsonwebtoken. Verified tokens are remembered (bounded) so that a
 * benchmark does not pay an RSA verification per Graph request.
 */
import { createHash, generateKeyPair, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  jwks: { keys: Record<string, unknown>[] };
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const kid = createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 27);
  return { privateKey, publicKey, kid, jwks: { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid, ...jwk }] } };
}

export type Claims = Record<string, unknown> & { exp?: number; oid?: string; tid?: string; scp?: string };

export function signToken(keys: SigningKeys, claims: Record<string, unknown>, expiresInSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iat: now, nbf: now - 300, exp: now + expiresInSeconds, uti: randomUUID(), ...claims };
  if (expiresInSeconds <= 0) {
    payload.iat = now + expiresInSeconds - 3600;
    payload.nbf = payload.iat;
  }
  return jwt.sign(payload, keys.privateKey, {
    algorithm: 'RS256',
    keyid: keys.kid,
    header: { alg: 'RS256', typ: 'JWT', kid: keys.kid },
  });
}

export type VerifyFailure = 'malformed' | 'signature' | 'expired' | 'audience' | 'notYetValid';
export type VerifyResult = { ok: true; claims: Claims } | { ok: false; reason: VerifyFailure };

/** Decodes without verifying (to learn whose request it is). Undefined when not a JWT. */
export function decodeUnverified(token: string): Claims | undefined {
  try {
    const decoded = jwt.decode(token, { json: true });
    return decoded ?? undefined;
  } catch {
    return undefined;
  }
}

function classify(e: unknown): VerifyFailure {
  if (e instanceof jwt.TokenExpiredError) return 'expired';
  if (e instanceof jwt.NotBeforeError) return 'notYetValid';
  const message = e instanceof Error ? e.message : '';
  if (message.startsWith('jwt audience invalid')) return 'audience';
  if (message === 'invalid signature' || message.startsWith('invalid algorithm') || message.includes('key'))
    return 'signature';
  return 'malformed';
}

/** Verifies tokens signed by the simulator, remembering successes (bounded) for speed. */
export class TokenVerifier {
  private readonly verified = new Map<string, Claims>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly limit = 5000,
  ) {}

  verify(token: string, audiences: string[]): VerifyResult {
    const known = this.verified.get(token);
    if (known) {
      const now = Math.floor(Date.now() / 1000);
      if (known.exp !== undefined && known.exp <= now) return { ok: false, reason: 'expired' };
      if (!audiences.includes(String(known.aud))) return { ok: false, reason: 'audience' };
      return { ok: true, claims: known };
    }
    let claims: Claims;
    try {
      claims = jwt.verify(token, this.keys.publicKey, { algorithms: ['RS256'] }) as Claims;
    } catch (e) {
      return { ok: false, reason: classify(e) };
    }
    if (this.verified.size >= this.limit) this.verified.clear();
    this.verified.set(token, claims);
    if (!audiences.includes(String(claims.aud))) return { ok: false, reason: 'audience' };
    return { ok: true, claims };
  }
}

/** A registered client certificate: verifies client assertions signed with its key (x5t / x5t#S256). */
export interface RegisteredCertificate {
  publicKey: KeyObject;
  x5t: string;
  x5tS256: string;
}

export function registerCertificate(pem: string): RegisteredCertificate {
  const cert = new X509Certificate(pem);
  return {
    publicKey: cert.publicKey,
    x5t: createHash('sha1').update(cert.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(cert.raw).digest('base64url'),
  };
}

export type ClientAssertionCheck = { ok: true; kind: 'certificate' | 'federated' } | { ok: false; reason: string };

/**
 * Accepts a client assertion signed by the registered certificate (what MSAL builds from certificatePath:
 * PS256 with x5t#S256, or RS256 with x5t; iss = sub = client id, aud = the token endpoint), or a federated
 * assertion issued by the simulator itself (aud api://AzureADTokenExchange, as a managed identity presents it).
 */
export function checkClientAssertion(
  assertion: string,
  clientId: string,
  tokenEndpoint: string,
  cert: RegisteredCertificate | undefined,
  verifier: TokenVerifier,
): ClientAssertionCheck {
  const decoded = (() => {
    try {
      return jwt.decode(assertion, { complete: true });
    } catch {
      return null;
    }
  })();
  if (!decoded || typeof decoded.payload === 'string') return { ok: false, reason: 'malformed' };
  const header = decoded.header as unknown as Record<string, unknown>;
  if (cert && (header['x5t#S256'] === cert.x5tS256 || header.x5t === cert.x5t)) {
    try {
      jwt.verify(assertion, cert.publicKey, {
        algorithms: ['PS256', 'RS256'],
        audience: [tokenEndpoint, tokenEndpoint.replace(/\/oauth2\/v2\.0\/token$/, '/v2.0')],
        issuer: clientId,
        subject: clientId,
      });
      return { ok: true, kind: 'certificate' };
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : 'invalid' };
    }
  }
  const federated = verifier.verify(assertion, ['api://AzureADTokenExchange']);
  if (federated.ok) return { ok: true, kind: 'federated' };
  return { ok: false, reason: cert ? 'unknown key' : 'no certificate registered' };
}
