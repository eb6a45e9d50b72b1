// Shared set-up for the emulator's own tests: real SDK clients pointed at a running emulator.
import { STSClient } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Emulator } from '../../aws-emulator';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Clients with no retries unless asked: tests see each emulator answer as it is. */
export function sts(emu: Emulator, creds: Creds, opts: { region?: string; maxAttempts?: number } = {}): STSClient {
  return new STSClient({ ...emu.clientConfig(creds, opts.region), maxAttempts: opts.maxAttempts ?? 1 });
}

export function iam(emu: Emulator, creds: Creds, opts: { maxAttempts?: number } = {}): IAMClient {
  return new IAMClient({ ...emu.clientConfig(creds), maxAttempts: opts.maxAttempts ?? 1 });
}

/**
 * Awaits a promise that must reject with an AWS error. `code` is the wire code (`NoSuchEntity`); `name` is the SDK's
 * class name, which for modeled IAM errors carries an `Exception` suffix (`NoSuchEntityException`), as with real AWS.
 */
export async function awsError(p: Promise<unknown>): Promise<{ name: string; code: string; message: string; status?: number; requestId?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
    return { name: err.name, code: err.Code ?? err.name, message: err.message, status: err.$metadata?.httpStatusCode, requestId: err.$metadata?.requestId };
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}

export const ADMIN = '111111111111';
export const TENANT = '222222222222';

export const allowAssumeRole = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
export const allowIam = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'sts:AssumeRole'], Resource: '*' }] };

export function trustAccount(accountId: string, externalId?: string) {
  return {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}),
    },
  };
}

export function trustPrincipal(arn: string) {
  return { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: arn } } };
}

export function credsOf(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds {
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
}
