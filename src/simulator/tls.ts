/**
 * The simulator's TLS identity: one self-signed certificate made at start (never stored), valid for
 * 127.0.0.1, ::1 and localhost. The clients trust it through its PEM (`Simulator.ca`).
 */
import { generate } from 'selfsigned';

export interface TlsIdentity {
  key: string;
  cert: string;
}

export async function createTlsIdentity(): Promise<TlsIdentity> {
  // selfsigned 5 is async (WebCrypto). An EC P-256 key is generated in milliseconds, unlike RSA.
  const pems = await generate([{ name: 'commonName', value: 'intune-simulator.localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600_000),
    extensions: [
      // The certificate is its own CA: clients pass it as `ca`.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
