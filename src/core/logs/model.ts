// The plain event and attempt shapes the log parser produces and every shell (editor, viewer, CLI) consumes.

export type LogEventKind = 'connect' | 'validate-credentials' | 'error';

export interface LogEvent {
  kind: LogEventKind;
  /** 1-based line of the event's first line. */
  line: number;
  /** 1-based last line (greater than `line` when a wrapped, pasted line continued below). */
  endLine: number;
  /** `mm/dd hh:mm:ss` as written (the log has no year). */
  time?: string;
  /** Process id (decimal). */
  pid?: string;
  /** Thread id (hex, lower case). */
  tid?: string;
  /** Job id; undefined for placeholders such as `###`. */
  jobId?: string;
  /** `Class::Method` without the parentheses. */
  function?: string;
  /** The role (or user) ARN, spaces removed. */
  arn?: string;
  /** 12-digit account id (or the documents' `xxxxxxxxxxxx` placeholder). */
  accountId?: string;
  roleName?: string;
  /** The `Url=[…]` value of a Connect line. */
  url?: string;
  /** The text after `Class::Method() -`, or the whole line when it has no header. */
  message: string;
  /** AWS error code such as `AccessDenied`, when the line names one. */
  errorCode?: string;
  /** For validate lines and errors: whether the line reports success or failure of the credentials. */
  outcome?: 'success' | 'failure';
  /** True for errors about credentials (AssumeRole, STS, keys), the ones shown in Problems. */
  credential?: boolean;
}

/** One AssumeRole attempt: a Connect, its validations, and how it ended. */
export interface LogAttempt {
  /** Job id, or `pid/tid` when the lines carry no job id. */
  key: string;
  jobId?: string;
  arn?: string;
  accountId?: string;
  roleName?: string;
  events: LogEvent[];
  outcome: 'success' | 'failure' | 'unknown';
  /** The error event that failed it, if any. */
  error?: LogEvent;
}
