// Line-by-line event extraction (joining wrapped, pasted lines) and the grouping of events into AssumeRole attempts.
import type { LogAttempt, LogEvent } from './model';
import { continueEvent, isRecordStart, parseLine, wantsContinuation } from './parse';

/** Blank lines and non-blank lines a wrapped record may span before we give up on it. */
const MAX_BLANK_CONTINUATION = 3;
const MAX_TEXT_CONTINUATION = 2;

/**
 * Feeds lines in order; returns finished events. A Connect or ValidateCredentials line without
 * its ARN is held back while the next lines may carry it (PDFs and tickets wrap them).
 */
export class LogEventExtractor {
  private pending: LogEvent | undefined;
  private blanks = 0;
  private texts = 0;

  /** True when the next line may continue the held event (a streaming reader must feed it). */
  get wantsNextLine(): boolean {
    return this.pending !== undefined;
  }

  push(raw: string, line: number): LogEvent[] {
    const done: LogEvent[] = [];
    const held = this.pending;
    if (held) {
      if (raw.trim() === '') {
        if (++this.blanks > MAX_BLANK_CONTINUATION) this.release(done);
        return done;
      }
      if (!isRecordStart(raw)) {
        continueEvent(held, raw, line);
        if (!wantsContinuation(held) || ++this.texts >= MAX_TEXT_CONTINUATION) this.release(done);
        return done;
      }
      this.release(done);
    }
    const event = parseLine(raw, line);
    if (!event) return done;
    if (wantsContinuation(event)) {
      this.pending = event;
      this.blanks = 0;
      this.texts = 0;
    } else done.push(event);
    return done;
  }

  end(): LogEvent[] {
    const done: LogEvent[] = [];
    this.release(done);
    return done;
  }

  private release(into: LogEvent[]): void {
    if (this.pending) into.push(this.pending);
    this.pending = undefined;
  }
}

/** All events of a text (an open document); lines split as VS Code splits them. */
export function extractEvents(text: string): LogEvent[] {
  const extractor = new LogEventExtractor();
  const events: LogEvent[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) events.push(...extractor.push(lines[i], i + 1));
  events.push(...extractor.end());
  return events;
}

/** The key that ties a job's (or, without a job id, a thread's) lines together. */
export function attemptKey(event: LogEvent): string {
  if (event.jobId) return `job ${event.jobId}`;
  if (event.pid || event.tid) return `thread ${event.pid ?? '?'}/${event.tid ?? '?'}`;
  return 'no job';
}

/**
 * Groups events into AssumeRole attempts per job (or thread): Connect opens one, a successful
 * validation closes it as success, an error closes it as failure. Errors right after a failed
 * attempt of the same job (the job giving up) join that attempt.
 */
export function groupAttempts(events: readonly LogEvent[]): LogAttempt[] {
  const attempts: LogAttempt[] = [];
  const open = new Map<string, LogAttempt>();
  const last = new Map<string, LogAttempt>();
  const start = (key: string, event: LogEvent): LogAttempt => {
    const attempt: LogAttempt = { key, jobId: event.jobId, events: [], outcome: 'unknown' };
    attempts.push(attempt);
    open.set(key, attempt);
    last.set(key, attempt);
    return attempt;
  };
  const adopt = (attempt: LogAttempt, event: LogEvent) => {
    attempt.events.push(event);
    // The role named by Connect/validate is the attempt's; an error may name the caller instead.
    if (event.kind !== 'error' || !attempt.arn) {
      attempt.arn ??= event.arn;
      attempt.accountId ??= event.accountId;
      attempt.roleName ??= event.roleName;
    }
  };
  for (const event of events) {
    const key = attemptKey(event);
    if (event.kind === 'connect') {
      adopt(start(key, event), event);
    } else if (event.kind === 'validate-credentials') {
      const attempt = open.get(key) ?? start(key, event);
      adopt(attempt, event);
      if (event.outcome === 'success') {
        attempt.outcome = 'success';
        open.delete(key);
      }
    } else {
      const attempt = open.get(key) ?? (event.credential ? last.get(key) : undefined);
      if (!attempt) continue;
      if (attempt.outcome === 'success' && !open.has(key)) continue;
      adopt(attempt, event);
      attempt.outcome = 'failure';
      attempt.error ??= event;
      open.delete(key);
    }
  }
  return attempts;
}
