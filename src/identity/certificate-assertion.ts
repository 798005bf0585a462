/**
 * A client assertion signed with the bot's certificate. OnBehalfOfCredential 4.13.1 accepts a certificate
 * only as a file path (`certificatePath`; there is no `certificate` option), re-reads that file on every
 * getToken, and MSAL then fails ("secretOrPrivateKey must be an asymmetric key") when the CERTIFICATE block
 * comes before the PRIVATE KEY block. So we build the same assertion MSAL builds (PS256, header x5t#S256,
 * iss = sub = client id, aud = the tenant's token endpoint, 10 minutes) from PEM text in any block order and
 * hand it to the credential through `getAssertion`. The key is never written to disk.
 */
import { createHash, createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export type AssertionSigner = (tokenEndpoint: string) => string;

export function isPemText(value: string): boolean {
  return value.includes('-----BEGIN ');
}

export function createCertificateAssertionSigner(
  pem: string,
  clientId: string,
  sendCertificateChain = false,
): AssertionSigner {
  const certs = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g)].map((m) =>
    m[1].replace(/\s+/g, ''),
  );
  if (certs.length === 0) throw new Error('The certificate PEM holds no CERTIFICATE block');
  // The private key block may come before or after the certificate; Node reads only the first PEM block.
  const keyBlock = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/.exec(pem)?.[0];
  let key: KeyObject;
  try {
    if (!keyBlock) throw new Error('no key');
    key = createPrivateKey(keyBlock);
  } catch {
    throw new Error('The certificate PEM holds no usable private key');
  }
  const thumbprint = createHash('sha256').update(Buffer.from(certs[0], 'base64')).digest('base64url');
  return (tokenEndpoint) => {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign(
      { aud: tokenEndpoint, iss: clientId, sub: clientId, jti: randomUUID(), nbf: now, exp: now + 600 },
      key,
      {
        algorithm: 'PS256',
        header: { alg: 'PS256', typ: 'JWT', 'x5t#S256': thumbprint, ...(sendCertificateChain ? { x5c: certs } : {}) },
      },
    );
  };
}
