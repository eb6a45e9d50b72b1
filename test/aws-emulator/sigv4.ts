// Verifies AWS Signature Version 4 on incoming requests, computed from the spec with node:crypto so that any correct signer (JS SDK, botocore) passes.
//
// Source: AWS IAM User Guide, "Create a signed AWS API request" (reference_sigv-create-signed-request) and
// "Elements of an AWS API request signature". The steps, as AWS performs them to verify a request:
//   1. canonical request = method \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash
//   2. string to sign = "AWS4-HMAC-SHA256" \n X-Amz-Date \n credential scope \n hex(SHA256(canonical request))
//   3. signing key = HMAC chain "AWS4"+secret → date → region → service → "aws4_request"
//   4. signature = hex(HMAC(signing key, string to sign)), compared with the one in the Authorization header.
// The headers are exactly the ones the client lists in SignedHeaders, whatever they are (botocore signs
// content-type;host;x-amz-date; the JS SDK signs more): AWS does not prescribe a set beyond host and the date.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from './errors';

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

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
  /** The path as sent (still percent-encoded), without the query string. */
  path: string;
  /** The query string as sent, without `?` (still percent-encoded). */
  rawQuery: string;
  /** Header values by lower-case name; a header sent more than once has one entry per occurrence. */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
}

/** Parses `X-Amz-Date` (`20261122T101500Z`). */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** UriEncode() as the spec defines it: every byte except A-Z a-z 0-9 - . _ ~ becomes %XY (upper-case hex); space is %20. */
export function uriEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Percent-decoding that leaves a malformed escape as it is (a client that sent one signed those bytes). */
function uriDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Canonical URI for every service but S3: the path normalized (RFC 3986 dot segments and empty segments removed)
 * and each segment URI-encoded, which encodes the already-encoded path a second time ("each path segment must be
 * URI-encoded twice").
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const trailing = rawPath.length > 1 && rawPath.endsWith('/') && segments.length > 0 ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/**
 * Canonical query string: each name and value URI-encoded (after undoing the client's own encoding), sorted by
 * encoded name then value, joined with `&`; a parameter without a value gets `name=`.
 */
export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  const pairs = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      // Form-style `+` is a space only in bodies; in a SigV4 query string it is a literal plus the client encoded as %2B.
      return [uriEncode(uriDecode(name)), uriEncode(uriDecode(value))] as const;
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** A header value in canonical form: leading and trailing spaces trimmed, inner runs of spaces made one. */
function canonicalHeaderValue(values: string[]): string {
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

export interface SigningInputs {
  canonicalRequest: string;
  stringToSign: string;
}

/**
 * The canonical request and string to sign for a request, over exactly the headers the client lists. Returns
 * undefined when a listed header is missing (the client signed something it did not send).
 */
export function signingInputs(req: IncomingSigned, auth: ParsedAuthorization, amzDate: string): SigningInputs | undefined {
  const headerLines: string[] = [];
  for (const name of auth.signedHeaders) {
    const values = req.headers[name];
    if (values === undefined) return undefined;
    headerLines.push(`${name}:${canonicalHeaderValue(values)}\n`);
  }
  // The payload hash is the body's own; a client that states it in x-amz-content-sha256 signs the stated value,
  // which must then be the body's (STS and IAM take their parameters from the body, so it cannot go unsigned).
  const bodyHash = sha256Hex(req.body);
  const stated = req.headers['x-amz-content-sha256']?.[0];
  if (stated !== undefined && stated !== bodyHash) return undefined;
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(req.path),
    canonicalQuery(req.rawQuery),
    headerLines.join(''),
    auth.signedHeaders.join(';'),
    bodyHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  return { canonicalRequest, stringToSign };
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

export function signature(secretAccessKey: string, auth: Pick<ParsedAuthorization, 'date' | 'region' | 'service'>, stringToSign: string): string {
  return createHmac('sha256', signingKey(secretAccessKey, auth.date, auth.region, auth.service))
    .update(stringToSign, 'utf8')
    .digest('hex');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'mismatch' | 'scope-date'; message?: string };

/**
 * Checks a request's signature with the key's secret. The request must sign `host` and the date it carries
 * (`x-amz-date`), and the credential scope's date must be that date's day, as AWS requires.
 */
export function verifySignature(req: IncomingSigned, auth: ParsedAuthorization, amzDate: string, secretAccessKey: string): SignatureCheck {
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-date')) return { ok: false, reason: 'mismatch' };
  if (amzDate.slice(0, 8) !== auth.date) {
    return {
      ok: false,
      reason: 'scope-date',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    };
  }
  const inputs = signingInputs(req, auth, amzDate);
  if (!inputs) return { ok: false, reason: 'mismatch' };
  const expected = Buffer.from(signature(secretAccessKey, auth, inputs.stringToSign), 'hex');
  const given = Buffer.from(auth.signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
