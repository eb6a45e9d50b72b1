// The HTTP front: reads Query-protocol requests, applies faults, authenticates with SigV4, routes to STS or IAM, writes XML.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallContext, Handler } from './context';
import { AwsError, errors } from './errors';
import type { Faults } from './faults';
import { IAM_ACTIONS } from './iam';
import type { AccessKey } from './model';
import { QueryParams } from './query';
import { parseAmzDate, parseAuthorization, verifySignature } from './sigv4';
import type { SsoDirectory } from './sso';
import { STS_ACTIONS } from './sts';
import type { World } from './world';
import { errorXml, IAM_NS, STS_NS, successXml } from './xml';

const SERVICES = {
  sts: { ns: STS_NS, version: '2011-06-15', actions: STS_ACTIONS },
  iam: { ns: IAM_NS, version: '2010-05-08', actions: IAM_ACTIONS },
} as const;

const MAX_BODY = 1 << 20;
const MAX_SKEW_MS = 15 * 60_000;

/** One call as the emulator saw it, for assertions ("apply made no Create* call the second time"). Never holds secrets. */
export interface CallRecord {
  requestId: string;
  service?: 'sts' | 'iam' | 'sso';
  action?: string;
  region?: string;
  accessKeyId?: string;
  /** The headers the client signed (SigV4 SignedHeaders), e.g. botocore's `content-type;host;x-amz-date`. */
  signedHeaders?: string;
  callerArn?: string;
  status: number;
  errorCode?: string;
  /** Request parameters except `Action` and `Version`. */
  params: Record<string, string>;
  at: Date;
  fault?: 'reset' | 'http500' | 'throttle';
}

export interface ServerDeps {
  world: World;
  sso: SsoDirectory;
  faults: Faults;
  baseLatencyMs: () => number;
  record: (c: CallRecord) => void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new AwsError('RequestEntityTooLarge', 'Request body is larger than 1 MB.', 413));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createHandler(deps: ServerDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const record: CallRecord = { requestId, status: 200, params: {}, at: new Date() };
    let ns: string = STS_NS;
    const send = (status: number, body: string) => {
      record.status = status;
      deps.record(record);
      res.writeHead(status, {
        'content-type': 'text/xml',
        'x-amzn-requestid': requestId,
        // Wall-clock time: the SDK corrects its clock skew from this header, so it must not follow the emulator's virtual clock.
        date: new Date().toUTCString(),
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    };
    const fail = (e: unknown) => {
      const err = e instanceof AwsError ? e : errors.internalFailure();
      if (!(e instanceof AwsError)) console.error('[aws-emulator] internal error:', e);
      record.errorCode = err.code;
      send(err.status, errorXml(ns, err.type, err.code, err.message, requestId));
    };
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/federation/credentials') {
        serveSso(deps, req, url, record, res);
        return;
      }
      const params = new QueryParams([...url.searchParams, ...new URLSearchParams(body.toString('utf8'))]);
      const action = params.get('Action');
      record.action = action;
      for (const [k, v] of params.flat) if (k !== 'Action' && k !== 'Version') record.params[k] = v;

      let auth: ReturnType<typeof parseAuthorization> | undefined;
      try {
        auth = parseAuthorization(req.headers.authorization);
      } catch {
        auth = undefined;
      }
      const service = auth?.service === 'sts' || auth?.service === 'iam' ? auth.service : undefined;
      record.service = service;
      record.region = auth?.region;
      if (service) ns = SERVICES[service].ns;

      const latency = deps.baseLatencyMs() + deps.faults.latencyMs;
      if (latency > 0) await sleep(latency);

      const fault = deps.faults.take(action);
      if (fault === 'reset') {
        record.fault = 'reset';
        record.status = 0;
        deps.record(record);
        req.socket.destroy();
        return;
      }
      if (fault === 'http500') {
        record.fault = 'http500';
        throw errors.internalFailure();
      }
      if (fault === 'throttle') {
        record.fault = 'throttle';
        throw errors.throttling();
      }

      // Authentication (rethrows the precise parse error now that faults are out of the way).
      const parsed = parseAuthorization(req.headers.authorization);
      if (!service) {
        throw new AwsError('InvalidAction', `This emulator serves only the sts and iam services; the request was signed for '${parsed.service}'.`, 400);
      }
      record.accessKeyId = parsed.accessKeyId;
      record.signedHeaders = parsed.signedHeaders.join(';');
      const key = await authenticate(deps.world, deps.faults, req, body, parsed);
      record.callerArn = deps.world.principalArn(key.principal);

      const svc = SERVICES[service];
      if (service === 'sts' && deps.faults.regionDisabled(parsed.region)) throw errors.regionDisabled(deps.world.principalAccount(key.principal));
      if (!action) throw new AwsError('MissingAction', 'Missing Action', 400);
      const handler: Handler | undefined = (svc.actions as Record<string, Handler>)[action];
      const version = params.get('Version') ?? '';
      if (!handler || version !== svc.version) throw errors.invalidAction(action, version);
      const ctx: CallContext = { world: deps.world, requestId, service, action, region: parsed.region, params, key, principal: key.principal };
      const result = await handler(ctx);
      send(200, successXml(svc.ns, action, result, requestId));
    } catch (e) {
      fail(e);
    }
  };
}

async function authenticate(world: World, faults: Faults, req: IncomingMessage, body: Buffer, auth: ReturnType<typeof parseAuthorization>): Promise<AccessKey> {
  const key = world.keys.get(auth.accessKeyId);
  if (!key) throw errors.invalidClientTokenId();
  const token = req.headers['x-amz-security-token'];
  const tokenValue = Array.isArray(token) ? token[0] : token;
  // A temporary key needs its own token; a long-term key must come without one.
  if ((key.sessionToken ?? undefined) !== (tokenValue ?? undefined)) throw errors.invalidClientTokenId();
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) throw errors.incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
  // The path and query as sent: the client signed these bytes, not a URL parser's normalized form.
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const check = verifySignature(
    { method: req.method ?? 'POST', path: q < 0 ? rawUrl : rawUrl.slice(0, q), rawQuery: q < 0 ? '' : rawUrl.slice(q + 1), headers: req.headersDistinct, body },
    auth,
    amzDate,
    key.secretAccessKey,
  );
  if (!check.ok) throw check.message ? errors.signatureDoesNotMatch(check.message) : errors.signatureDoesNotMatch();
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS) throw errors.signatureExpired(amzDate, new Date());
  if (key.principal.kind === 'session' && (faults.expireSessions || key.principal.session.expiration.getTime() <= world.now().getTime())) {
    throw errors.expiredToken();
  }
  return key;
}

/**
 * The IAM Identity Center portal's GetRoleCredentials (REST-JSON, no SigV4: the bearer token is the credential).
 * Errors carry their name in `x-amzn-ErrorType` and a JSON `message`, as the portal answers them.
 */
function serveSso(deps: ServerDeps, req: IncomingMessage, url: URL, record: CallRecord, res: ServerResponse): void {
  record.service = 'sso';
  record.action = 'GetRoleCredentials';
  for (const k of ['account_id', 'role_name']) {
    const v = url.searchParams.get(k);
    if (v !== null) record.params[k] = v;
  }
  const token = req.headers['x-amz-sso_bearer_token'];
  let status = 200;
  let body: unknown;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': record.requestId };
  try {
    const out = deps.sso.getRoleCredentials(Array.isArray(token) ? token[0] : token, url.searchParams.get('account_id'), url.searchParams.get('role_name'));
    record.callerArn = out.arn;
    body = out.body;
  } catch (e) {
    const err = e instanceof AwsError ? e : errors.internalFailure();
    if (!(e instanceof AwsError)) console.error('[aws-emulator] internal error:', e);
    status = err.status;
    record.errorCode = err.code;
    headers['x-amzn-errortype'] = err.code;
    body = { message: err.message };
  }
  record.status = status;
  deps.record(record);
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
