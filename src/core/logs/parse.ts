// Turns one access-node log line into an event (or nothing), tolerant of text pasted from documents and tickets.
import { AWS_ERROR_CODE_RE, CONNECT_MARKER, CREDENTIAL_ERROR_CODES, ERROR_WORD_RE, MARKER_RE, VALIDATE_MARKER } from './markers';
import type { LogEvent, LogEventKind } from './model';

export interface LogHeader {
  pid: string;
  tid: string;
  time: string;
  jobId?: string;
  /** The rest of the line after the header. */
  rest: string;
}

/**
 * Process id (decimal) and thread id (hex) may run together (`6924f48`): the pid takes the
 * leading digits, which is the only reading the text allows. The job id is digits or
 * placeholder characters (`###`, `-----`).
 */
const HEADER_RE = /^\s*(\d+)\s*([0-9a-fA-F]+)\s+(\d{1,2}\/\d{1,2})\s+(\d{1,2}:\d{2}:\d{2})(?:\s+(\d+|[#*?_.-]+)(?=\s|$))?\s*(.*)$/;
/** `Class::Method()` (or a plain `Function()`) at the start of the message, then a hyphen, en or em dash, or colon. */
const FUNCTION_RE = /^([A-Za-z_~][\w~]*(?:::~?\w+)*)\s*\(\s*\)\s*(?:[-\u2013\u2014:]\s*)?/;
/**
 * ARNs with the spaces that pasting adds (`arn:aws:iam:: 123456789012 :role/X`); the account
 * may be the documents' `xxxxxxxxxxxx` placeholder or empty (S3).
 */
export const ARN_RE = /\barn\s*:\s*(aws[a-z-]*)\s*:\s*([a-z0-9-]+)\s*:\s*([a-z0-9-]*)\s*:\s*(\d{12}|[xX]{12}|)\s*:\s*([^\s[\](),;'"<>]+)/g;
const URL_RE = /\bUrl\s*=\s*\[([^\]]*)\]/i;
const ACCOUNT_RE = /\baccount(?:\s*id)?\s*[[=:(]?\s*(\d{12})(?!\d)/i;
const BRACKET_CODE_RE = /\bError(?:\s*code)?\s*[[=:(]\s*([A-Z][A-Za-z]+(?:\.[A-Za-z]+)?)\s*[\])]?/;
const SUCCESS_RE = /\bsuccess(?:ful(?:ly)?)?\b|\bvalidated\b/i;
const CREDENTIAL_TEXT_RE = /credential|assume\s*-?role|\bsts[:.]|access\s*key|secret\s*key|session\s*token|\btoken\b/i;

export function parseHeader(line: string): LogHeader | undefined {
  const m = HEADER_RE.exec(line);
  if (!m) return undefined;
  const job = m[5];
  return { pid: m[1], tid: m[2].toLowerCase(), time: `${m[3]} ${m[4]}`, jobId: job && /^\d+$/.test(job) ? job : undefined, rest: m[6] };
}

/** Removes what pasting adds around a line: a BOM, a trailing CR. */
export function cleanLine(line: string): string {
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
  return line;
}

export interface ArnMatch {
  /** Normalized: spaces removed. */
  arn: string;
  accountId?: string;
  service: string;
  resource: string;
  /** Offsets in the searched text. */
  start: number;
  end: number;
}

export function findArns(text: string): ArnMatch[] {
  const out: ArnMatch[] = [];
  ARN_RE.lastIndex = 0;
  for (let m = ARN_RE.exec(text); m; m = ARN_RE.exec(text)) {
    const [, partition, service, region, account, resource] = m;
    out.push({
      arn: `arn:${partition}:${service}:${region}:${account}:${resource}`,
      accountId: account || undefined,
      service,
      resource,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

/** The role's name: `role/path/Name` → Name; `assumed-role/Name/session` → Name. */
export function roleNameOf(resource: string): string | undefined {
  const parts = resource.split('/');
  if (parts[0] === 'role' && parts.length > 1) return parts[parts.length - 1];
  if (parts[0] === 'assumed-role' && parts.length > 1) return parts[1];
  return undefined;
}

/**
 * Parses one line. Returns undefined unless it has a marker (Connect, ValidateCredentials, a
 * failure word or an AWS error code); the byte prefilter relies on that.
 */
export function parseLine(raw: string, line: number): LogEvent | undefined {
  const text = cleanLine(raw);
  if (!MARKER_RE.test(text)) return undefined;
  const header = parseHeader(text);
  const body = header ? header.rest : text.trim();
  const fn = FUNCTION_RE.exec(body);
  const event: LogEvent = {
    kind: 'error',
    line,
    endLine: line,
    time: header?.time,
    pid: header?.pid,
    tid: header?.tid,
    jobId: header?.jobId,
    function: fn?.[1],
    message: fn ? body.slice(fn[0].length) : body,
  };
  return classify(event) ? event : undefined;
}

/** Whether an event still lacks what a wrapped line's next line usually carries (the ARN). */
export function wantsContinuation(event: LogEvent): boolean {
  return (event.kind === 'connect' || event.kind === 'validate-credentials') && !event.arn;
}

/** Appends a wrapped line's continuation and re-derives the fields; returns false if the result is no event. */
export function continueEvent(event: LogEvent, raw: string, line: number): void {
  const text = cleanLine(raw).trim();
  event.message = event.message ? `${event.message.trimEnd()} ${text}` : text;
  event.endLine = line;
  classify(event);
}

/** Sets kind and the derived fields from function + message; false when the line is no event. */
function classify(event: LogEvent): boolean {
  const fn = event.function ?? '';
  const text = `${fn} ${event.message}`;
  let kind: LogEventKind | undefined;
  if (fn === CONNECT_MARKER || (!fn && event.message.includes(CONNECT_MARKER))) kind = 'connect';
  else if (fn.endsWith(VALIDATE_MARKER) || (!fn && event.message.includes(VALIDATE_MARKER))) kind = 'validate-credentials';
  const code = BRACKET_CODE_RE.exec(event.message)?.[1] ?? AWS_ERROR_CODE_RE.exec(event.message)?.[1];
  const failed = code !== undefined || ERROR_WORD_RE.test(event.message);
  if (failed) kind = 'error';
  if (!kind) return false;
  event.kind = kind;
  event.errorCode = code;
  event.outcome = failed ? 'failure' : kind === 'validate-credentials' && SUCCESS_RE.test(event.message) ? 'success' : undefined;
  event.credential = failed
    ? (code !== undefined && CREDENTIAL_ERROR_CODES.has(code)) || fn === CONNECT_MARKER || fn.endsWith(VALIDATE_MARKER) || CREDENTIAL_TEXT_RE.test(text)
    : undefined;
  const arns = findArns(event.message);
  // A denial names the caller first and the role second: the role is what the attempt is about.
  const resourceAt = event.message.search(/on\s+resource\s*:/i);
  const arn = (resourceAt >= 0 ? arns.find((a) => a.start > resourceAt) : undefined) ?? arns.find((a) => a.resource.startsWith('role/')) ?? arns[0];
  event.arn = arn?.arn;
  event.accountId = arn?.accountId ?? ACCOUNT_RE.exec(event.message)?.[1];
  event.roleName = arn ? roleNameOf(arn.resource) : undefined;
  event.url = URL_RE.exec(event.message)?.[1]?.trim();
  return true;
}

/** True for a line that starts a new log record (pid, tid, date, time). */
export function isRecordStart(raw: string): boolean {
  return HEADER_RE.test(cleanLine(raw));
}
