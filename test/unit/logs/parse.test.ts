import assert from 'node:assert/strict';
import { extractEvents, groupAttempts } from '../../../src/core/logs/extract';
import { ERROR_WORDS, AWS_ERROR_CODES, LINE_MARKERS, MARKER_RE } from '../../../src/core/logs/markers';
import { parseHeader, parseLine } from '../../../src/core/logs/parse';

describe('logs: line parser', () => {
  it('parses a clean Connect line into a connect event', () => {
    const e = parseLine(
      '4312  7f3c   11/20 02:00:02 48213 CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::222222222222:role/vsa-role]',
      2,
    );
    assert.deepEqual(
      {
        kind: e?.kind,
        line: e?.line,
        pid: e?.pid,
        tid: e?.tid,
        time: e?.time,
        jobId: e?.jobId,
        function: e?.function,
        arn: e?.arn,
        accountId: e?.accountId,
        roleName: e?.roleName,
        url: e?.url,
      },
      {
        kind: 'connect',
        line: 2,
        pid: '4312',
        tid: '7f3c',
        time: '11/20 02:00:02',
        jobId: '48213',
        function: 'CAmazonInfo::Connect',
        arn: 'arn:aws:iam::222222222222:role/vsa-role',
        accountId: '222222222222',
        roleName: 'vsa-role',
        url: 'default',
      },
    );
    assert.equal(e?.message, 'Connecting to Url=[default], username[arn:aws:iam::222222222222:role/vsa-role]');
  });

  it('accepts the seed document exact lines: ids run together, en dash, spaces in the ARN, placeholder account', () => {
    const connect = parseLine(
      '960f6c   05/09 11:24:04 16972 CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role]',
      1,
    );
    assert.equal(connect?.kind, 'connect');
    assert.equal(connect?.pid, '960');
    assert.equal(connect?.tid, 'f6c');
    assert.equal(connect?.jobId, '16972');
    assert.equal(connect?.arn, 'arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role');
    assert.equal(connect?.roleName, 'VSA_Role');
    const validate = parseLine(
      '6924f48   05/08 20:07:24 16960 AmazonConnection::ValidateCredentials() \u2013 Assume role [arn:aws:iam:: xxxxxxxxxxxx  :role/VSA_Role]',
      7,
    );
    assert.equal(validate?.kind, 'validate-credentials');
    assert.equal(validate?.pid, '6924');
    assert.equal(validate?.tid, 'f48');
    assert.equal(validate?.function, 'AmazonConnection::ValidateCredentials');
    assert.equal(validate?.message, 'Assume role [arn:aws:iam:: xxxxxxxxxxxx  :role/VSA_Role]');
    assert.equal(validate?.arn, 'arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role');
  });

  it('normalizes ARNs with spaces and reads `user name` lines, split ids, BOM and CRLF', () => {
    const e = parseLine(
      '\uFEFF6924  f48   05/08 20:07:24 16960 CAmazonInfo::Connect() - Connecting to Url=[default],  user name[arn:aws:iam:: 123456789012 :role/X]\r',
      1,
    );
    assert.equal(e?.pid, '6924');
    assert.equal(e?.tid, 'f48');
    assert.equal(e?.arn, 'arn:aws:iam::123456789012:role/X');
    assert.equal(e?.accountId, '123456789012');
    assert.ok(!e?.message.endsWith('\r'));
  });

  it('treats placeholder job ids as no job and keeps the hex thread id lower case', () => {
    const h = parseHeader('4312  7F3C   11/20 02:00:01 ### CvProcessHandler::Init() - Started');
    assert.equal(h?.jobId, undefined);
    assert.equal(h?.tid, '7f3c');
    assert.equal(h?.rest, 'CvProcessHandler::Init() - Started');
  });

  it('turns a failed validation into a credential error with its AWS code and the target role', () => {
    const e = parseLine(
      '4312  81a0   11/20 02:05:12 48214 AmazonConnection::ValidateCredentials() - Failed to assume role. Error [AccessDenied] User: arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0d6a2d710af044a19 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/vsa-role',
      8,
    );
    assert.equal(e?.kind, 'error');
    assert.equal(e?.errorCode, 'AccessDenied');
    assert.equal(e?.credential, true);
    assert.equal(e?.outcome, 'failure');
    assert.equal(e?.arn, 'arn:aws:iam::333333333333:role/vsa-role');
    assert.equal(e?.accountId, '333333333333');
  });

  it('finds errors by AWS code alone and by failure words, and ignores ordinary lines', () => {
    assert.equal(
      parseLine('1 a 01/01 00:00:00 5 CAmazonInfo::Get() - ExpiredToken: the security token included in the request is expired', 1)?.errorCode,
      'ExpiredToken',
    );
    assert.equal(parseLine('1 a 01/01 00:00:00 5 X::Y() - MalformedPolicyDocument returned', 1)?.kind, 'error');
    assert.equal(
      parseLine('1 a 01/01 00:00:00 5 X::Y() - Job failed: unable to get temporary credentials for tenant account [333333333333]', 1)?.accountId,
      '333333333333',
    );
    assert.equal(parseLine('1 a 01/01 00:00:00 5 X::Y() - Wrote chunk, retry count [0], details available', 1), undefined);
    assert.equal(parseLine('1 a 01/01 00:00:00 5 X::Y() - ErrorCount [0] Errors none', 1), undefined);
    assert.equal(parseLine('', 1), undefined);
  });

  it('marks a successful validation', () => {
    const e = parseLine(
      '4312  7f3c   11/20 02:00:03 48213 AmazonConnection::ValidateCredentials() - Successfully validated credentials for [arn:aws:iam::222222222222:role/vsa-role], expiration [2026-11-20T03:00:03Z]',
      4,
    );
    assert.equal(e?.kind, 'validate-credentials');
    assert.equal(e?.outcome, 'success');
  });

  it('joins lines wrapped by a PDF: the ARN on the next non-blank line (seed layout)', () => {
    const seed = [
      '960f6c   05/09 11:24:04 16972 CAmazonInfo::Connect() - Connecting to Url=[default], ',
      '',
      'username[arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role] ',
      '',
      'Indicates that Commvault is attempting to connect to Url with the specified Amazon Resource Name (ARN) >, the ',
      '6924  f48   05/08 20:07:24 16960 CAmazonInfo::Connect() - Connecting to Url=[default],  ',
      '',
      'user name[arn:aws:iam:: xxxxxxxxxxxx :role/VSA_Role]6924  f48   05/08 20:07:24 16960 ',
      '6924f48   05/08 20:07:24 16960 AmazonConnection::ValidateCredentials() \u2013  ',
      '',
      'Assume role [arn:aws:iam:: xxxxxxxxxxxx  :role/VSA_Role] ',
    ].join('\n');
    const events = extractEvents(seed);
    assert.deepEqual(
      events.map((e) => [e.kind, e.line, e.endLine, e.arn]),
      [
        ['connect', 1, 3, 'arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role'],
        ['connect', 6, 8, 'arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role'],
        ['validate-credentials', 9, 11, 'arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role'],
      ],
    );
  });

  it('accepts message-only pasted lines without a header', () => {
    const e = parseLine('AmazonConnection::ValidateCredentials() - Assume role [arn:aws:iam::123456789012:role/r]', 3);
    assert.equal(e?.kind, 'validate-credentials');
    assert.equal(e?.pid, undefined);
    assert.equal(e?.arn, 'arn:aws:iam::123456789012:role/r');
  });
});

describe('logs: markers', () => {
  it('every failure word and AWS error code is found by the byte prefilter markers', () => {
    for (const w of [...ERROR_WORDS, ...AWS_ERROR_CODES]) {
      assert.ok(
        LINE_MARKERS.some((m) => w.toLowerCase().includes(m.toLowerCase())),
        w,
      );
      assert.ok(MARKER_RE.test(w.toUpperCase()), w);
    }
  });
});

describe('logs: attempts', () => {
  const log = [
    '4312  7f3c   11/20 02:00:02 48213 CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::222222222222:role/vsa-role]',
    '4312  7f3c   11/20 02:00:02 48213 AmazonConnection::ValidateCredentials() - Assume role [arn:aws:iam::222222222222:role/vsa-role]',
    '4312  7f3c   11/20 02:00:03 48213 AmazonConnection::ValidateCredentials() - Successfully validated credentials for [arn:aws:iam::222222222222:role/vsa-role]',
    '4312  81a0   11/20 02:05:11 48214 CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::333333333333:role/vsa-role]',
    '4312  81a0   11/20 02:05:12 48214 AmazonConnection::ValidateCredentials() - Failed to assume role. Error [AccessDenied] User: arn:aws:sts::111111111111:assumed-role/a/i is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/vsa-role',
    '4312  81a0   11/20 02:05:12 48214 CVSAmazonBackup::BackupVM() - Job failed: unable to get temporary credentials for tenant account [333333333333]',
    '4312  9999   11/20 02:06:00 ### CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::444444444444:role/x]',
  ].join('\r\n');

  it('groups connect → validate → success/failure per job, or per thread without a job id', () => {
    const attempts = groupAttempts(extractEvents(log));
    assert.deepEqual(
      attempts.map((a) => [a.key, a.outcome, a.accountId, a.events.length, a.error?.errorCode]),
      [
        ['job 48213', 'success', '222222222222', 3, undefined],
        ['job 48214', 'failure', '333333333333', 3, 'AccessDenied'],
        ['thread 4312/9999', 'unknown', '444444444444', 1, undefined],
      ],
    );
  });
});
