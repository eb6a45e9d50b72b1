// Verifies AWS Signature Version 4 on incoming requests by re-signing them with @smithy/signature-v4 and comparing.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { errors } from './errors';

/** node:crypto behind the Checksum interface the signer expects (the SDK's own is not a direct dependency). */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    throw new Error('not supported');
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (!header) throw errors.missingAuth();
  const m = AUTH_RE.exec(header.trim());
  if (!m) {
    throw errors.incompleteSignature(
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in the AWS4-HMAC-SHA256 format. Authorization=${header.split(/\s/)[0]}`,
    );
  }
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! };
}

export interface IncomingSigned {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Parses `X-Amz-Date` (`20261122T101500Z`). */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/**
 * Recomputes the signature with the key's secret over exactly the headers the client said it signed.
 * Returns true when it matches; the caller turns false into `SignatureDoesNotMatch`.
 */
export async function signatureMatches(
  req: IncomingSigned,
  auth: ParsedAuthorization,
  signingDate: Date,
  secretAccessKey: string,
  sessionToken: string | undefined,
): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const v = req.headers[name];
    if (v === undefined) return false;
    headers[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const host = headers.host ?? '';
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey, sessionToken },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: host.replace(/:\d+$/, ''),
      port: /:(\d+)$/.test(host) ? Number(/:(\d+)$/.exec(host)![1]) : undefined,
      path: req.path,
      query: req.query,
      headers,
      body: req.body.length > 0 ? new Uint8Array(req.body) : undefined,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const produced = String(signed.headers.authorization ?? signed.headers.Authorization ?? '');
  const m = /Signature=([0-9a-f]{64})/.exec(produced);
  const producedList = /SignedHeaders=([^,\s]+)/.exec(produced)?.[1];
  return !!m && m[1] === auth.signature && producedList === auth.signedHeaders.join(';');
}
