// STS actions: GetCallerIdentity and AssumeRole with AWS's validation, trust evaluation, duration and chaining rules.
import { authorize } from './authorize';
import type { CallContext, Handler } from './context';
import { AwsError, errors } from './errors';
import type { Tag } from './model';
import { checkPolicy, policySize, QUOTAS } from './policy-doc';
import type { XmlObject } from './xml';

const SESSION_NAME_RE = /^[\w+=,.@-]*$/;
const EXTERNAL_ID_RE = /^[\w+=,.@:/-]*$/;
const CHAINING_LIMIT = 3600;
const SERIAL_RE = /^[\w+=/:,.@-]*$/;
const TOKEN_RE = /^\d*$/;

const getCallerIdentity: Handler = async (ctx) => ({
  UserId: ctx.world.userIdOf(ctx.principal),
  Account: ctx.world.principalAccount(ctx.principal),
  Arn: ctx.world.principalArn(ctx.principal),
});

/** STS reports every failed constraint at once: "2 validation errors detected: …; …". */
class Violations {
  private readonly items: string[] = [];
  add(field: string, value: unknown, constraint: string): void {
    const shown = value === undefined ? 'null' : `'${String(value)}'`;
    this.items.push(`Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
  }
  throwIfAny(): void {
    if (this.items.length === 0) return;
    const n = this.items.length;
    throw new AwsError('ValidationError', `${n} validation error${n > 1 ? 's' : ''} detected: ${this.items.join('; ')}`, 400);
  }
}

function readTags(ctx: CallContext): Tag[] {
  return ctx.params.structs('Tags').map((t) => ({ key: String(t.Key ?? ''), value: String(t.Value ?? '') }));
}

const assumeRole: Handler = async (ctx) => {
  const { world, params, principal } = ctx;
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const externalId = params.get('ExternalId');
  const sessionPolicy = params.get('Policy');
  const sourceIdentity = params.get('SourceIdentity');
  const durationParam = params.int('DurationSeconds');
  const serialNumber = params.get('SerialNumber');
  const tokenCode = params.get('TokenCode');
  const tags = readTags(ctx);

  const v = new Violations();
  if (roleArn === undefined) v.add('roleArn', undefined, 'Member must not be null');
  else if (roleArn.length < 20) v.add('roleArn', roleArn, 'Member must have length greater than or equal to 20');
  else if (roleArn.length > 2048) v.add('roleArn', roleArn, 'Member must have length less than or equal to 2048');
  if (sessionName === undefined) v.add('roleSessionName', undefined, 'Member must not be null');
  else if (sessionName.length < 2) v.add('roleSessionName', sessionName, 'Member must have length greater than or equal to 2');
  else if (sessionName.length > 64) v.add('roleSessionName', sessionName, 'Member must have length less than or equal to 64');
  else if (!SESSION_NAME_RE.test(sessionName)) v.add('roleSessionName', sessionName, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  if (durationParam !== undefined && durationParam < 900) v.add('durationSeconds', durationParam, 'Member must have value greater than or equal to 900');
  if (durationParam !== undefined && durationParam > 43200) v.add('durationSeconds', durationParam, 'Member must have value less than or equal to 43200');
  if (externalId !== undefined) {
    if (externalId.length < 2) v.add('externalId', externalId, 'Member must have length greater than or equal to 2');
    else if (externalId.length > 1224) v.add('externalId', externalId, 'Member must have length less than or equal to 1224');
    else if (!EXTERNAL_ID_RE.test(externalId)) v.add('externalId', externalId, 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*');
  }
  if (sourceIdentity !== undefined && (sourceIdentity.length < 2 || sourceIdentity.length > 64 || !SESSION_NAME_RE.test(sourceIdentity))) {
    v.add('sourceIdentity', sourceIdentity, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  }
  if (serialNumber !== undefined) {
    if (serialNumber.length < 9) v.add('serialNumber', serialNumber, 'Member must have length greater than or equal to 9');
    else if (serialNumber.length > 256) v.add('serialNumber', serialNumber, 'Member must have length less than or equal to 256');
    else if (!SERIAL_RE.test(serialNumber)) v.add('serialNumber', serialNumber, 'Member must satisfy regular expression pattern: [\\w+=/:,.@-]*');
  }
  if (tokenCode !== undefined) {
    if (tokenCode.length !== 6) v.add('tokenCode', tokenCode, `Member must have length ${tokenCode.length < 6 ? 'greater' : 'less'} than or equal to 6`);
    else if (!TOKEN_RE.test(tokenCode)) v.add('tokenCode', tokenCode, 'Member must satisfy regular expression pattern: [\\d]*');
  }
  if (tags.length > 50) v.add('tags', `[${tags.length} tags]`, 'Member must have length less than or equal to 50');
  v.throwIfAny();
  if (sessionPolicy !== undefined) {
    checkPolicy(sessionPolicy, 'session');
    if (policySize(sessionPolicy) > QUOTAS.sessionPolicySize)
      throw errors.packedPolicyTooLarge(Math.ceil((policySize(sessionPolicy) / QUOTAS.sessionPolicySize) * 100));
  }

  const callerArn = world.principalArn(principal);
  if (principal.kind === 'root') throw errors.accessDenied('Roles may not be assumed by root accounts.');
  const denied = (action = 'sts:AssumeRole') => errors.accessDenied(`User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`);

  // A missing role looks exactly like a role that does not trust the caller: AWS does not reveal which.
  const role = world.roleByArn(roleArn!);
  if (!role) throw denied();
  const requestContext: Record<string, string | string[]> = { 'sts:RoleSessionName': sessionName! };
  if (serialNumber !== undefined || tokenCode !== undefined) {
    // The device must be the calling user's (or, for a session, one of its account's users').
    const device = serialNumber === undefined ? undefined : world.mfaDevices.get(serialNumber);
    const owner =
      principal.kind === 'user'
        ? device?.accountId === principal.accountId && device.userName === principal.userName
        : device?.accountId === world.principalAccount(principal);
    if (!device || !owner) {
      throw errors.accessDenied(
        'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
      );
    }
    if (tokenCode !== device.code) throw errors.accessDenied('MultiFactorAuthentication failed with invalid MFA one time pass code. ');
    requestContext['aws:MultiFactorAuthPresent'] = 'true';
    requestContext['aws:MultiFactorAuthAge'] = '0';
  }
  if (externalId !== undefined) requestContext['sts:ExternalId'] = externalId;
  if (sourceIdentity !== undefined) requestContext['sts:SourceIdentity'] = sourceIdentity;
  if (tags.length > 0) {
    requestContext['aws:TagKeys'] = tags.map((t) => t.key);
    for (const t of tags) requestContext[`aws:RequestTag/${t.key}`] = t.value;
  }
  const check = (action: string) =>
    authorize(world, {
      principal,
      action,
      resourceArn: role.arn,
      resourceAccount: role.accountId,
      resourcePolicy: role.trustPolicy,
      requestContext,
      region: ctx.region,
    });
  if ((await check('sts:AssumeRole')).decision !== 'Allowed') throw denied();
  if (tags.length > 0 && (await check('sts:TagSession')).decision !== 'Allowed') throw denied('sts:TagSession');
  if (sourceIdentity !== undefined && (await check('sts:SetSourceIdentity')).decision !== 'Allowed') throw denied('sts:SetSourceIdentity');

  const chaining = principal.kind === 'session' && principal.session.origin === 'assume-role';
  const duration = durationParam ?? 3600;
  if (chaining && duration > CHAINING_LIMIT) {
    throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400);
  }
  if (duration > role.maxSessionDuration) {
    throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
  }
  // Session tags marked transitive would flow on; the emulator keeps the caller's tags on a chained session, which is what matters for conditions.
  const inherited = principal.kind === 'session' ? principal.session.tags : [];
  const { session, credentials } = world.startSession(role, sessionName!, duration, {
    origin: 'assume-role',
    sessionPolicy,
    sourceIdentity: sourceIdentity ?? (principal.kind === 'session' ? principal.session.sourceIdentity : undefined),
    tags: [...inherited.filter((t) => !tags.some((n) => n.key === t.key)), ...tags],
  });
  const result: XmlObject = {
    ...(session.sourceIdentity ? { SourceIdentity: session.sourceIdentity } : {}),
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${session.sessionName}`, Arn: credentials.arn },
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: session.expiration,
    },
  };
  if (sessionPolicy !== undefined || tags.length > 0) {
    const packed = policySize(sessionPolicy ?? '') + tags.reduce((s, t) => s + t.key.length + t.value.length, 0);
    result.PackedPolicySize = Math.max(1, Math.ceil((packed / QUOTAS.sessionPolicySize) * 100));
  }
  return result;
};

export const STS_ACTIONS: Record<string, Handler> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};
