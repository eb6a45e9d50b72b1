// Decides which profile, region and STS/IAM endpoints an account's calls use, from settings, the environment and the profile.
import type { ProfileInfo, RetrySettings } from './types';

/** The user's choices that are not in the accounts file (VS Code settings or CLI flags). */
export interface AwsSettings {
  /** Profile chosen in the picker / `--profile` / setting; used when an account names none. */
  profile?: string;
  region?: string;
  stsEndpoint?: string;
  iamEndpoint?: string;
}

export type Env = Record<string, string | undefined>;

export interface ResolvedAccess extends RetrySettings {
  /** Undefined: the SDK's default chain (environment credentials, then `default`, SSO, process, instance role). */
  profile: string | undefined;
  region: string;
  /** Explicit endpoints; undefined lets the SDK choose. */
  stsEndpoint: string | undefined;
  iamEndpoint: string | undefined;
  /** The URLs calls go to, for messages ("could not reach …"). */
  stsUrl: string;
  iamUrl: string;
}

export const DEFAULT_REGION = 'us-east-1';

/**
 * Precedence: the account's own `profile`, then the chosen profile, then `AWS_PROFILE`; none means the
 * default chain, which also picks up environment credentials.
 */
export function resolveAccess(
  account: { profile?: string; region?: string },
  settings: AwsSettings,
  env: Env,
  profiles: readonly ProfileInfo[],
): ResolvedAccess {
  const profile = nonEmpty(account.profile) ?? nonEmpty(settings.profile) ?? nonEmpty(env.AWS_PROFILE);
  const info = profiles.find((p) => p.name === (profile ?? 'default'));
  const region =
    nonEmpty(account.region) ??
    nonEmpty(info?.region) ??
    nonEmpty(settings.region) ??
    nonEmpty(env.AWS_REGION) ??
    nonEmpty(env.AWS_DEFAULT_REGION) ??
    DEFAULT_REGION;
  const services = info?.settings ?? {};
  const stsEndpoint =
    nonEmpty(settings.stsEndpoint) ??
    nonEmpty(env.AWS_ENDPOINT_URL_STS) ??
    nonEmpty(env.AWS_ENDPOINT_URL) ??
    nonEmpty(services.endpoint_url) ??
    legacyStsEndpoint(region, env.AWS_STS_REGIONAL_ENDPOINTS ?? services.sts_regional_endpoints);
  const iamEndpoint = nonEmpty(settings.iamEndpoint) ?? nonEmpty(env.AWS_ENDPOINT_URL_IAM) ?? nonEmpty(env.AWS_ENDPOINT_URL) ?? nonEmpty(services.endpoint_url);
  return {
    profile,
    region,
    stsEndpoint,
    iamEndpoint,
    ...retrySettings(env, services),
    stsUrl: stsEndpoint ?? defaultStsUrl(region),
    iamUrl: iamEndpoint ?? defaultIamUrl(region),
  };
}

/**
 * Why an endpoint URL must not get signed requests, or undefined when it may. A signed request carries the session
 * token in a header, so plain `http://` is refused except to this machine (127.0.0.0/8, ::1, localhost), where
 * local emulators and test stand-ins run.
 */
export function endpointProblem(url: string, what: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${what} \`${url}\` is not a URL: give a full https:// URL, or clear the setting to use the AWS default.`;
  }
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && isLoopback(u.hostname)) return undefined;
  if (u.protocol === 'http:') {
    return `${what} \`${url}\` uses plain http:// to another machine, which would send your session token unencrypted: use https://, or clear the setting to use the AWS default.`;
  }
  return `${what} \`${url}\` is not an http(s) URL: give a full https:// URL, or clear the setting to use the AWS default.`;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Thrown before any call when a resolved endpoint is refused (see `endpointProblem`). */
export class EndpointRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointRefusedError';
  }
}

/** Throws `EndpointRefusedError` when either endpoint of `access` may not receive signed requests. */
export function assertEndpointsAllowed(access: Pick<ResolvedAccess, 'stsEndpoint' | 'iamEndpoint'>, which: 'sts' | 'iam' | 'both' = 'both'): void {
  const problem =
    (which !== 'iam' && access.stsEndpoint ? endpointProblem(access.stsEndpoint, 'The STS endpoint') : undefined) ??
    (which !== 'sts' && access.iamEndpoint ? endpointProblem(access.iamEndpoint, 'The IAM endpoint') : undefined);
  if (problem) throw new EndpointRefusedError(problem);
}

/**
 * Retry settings as the AWS SDKs and Tools Reference Guide, "Retry behavior"
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html), orders them: the environment
 * (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE), then the profile (max_attempts, retry_mode). Invalid values are ignored,
 * leaving the next source (finally the SDK's default of 3 standard attempts) to decide.
 */
export function retrySettings(env: Env, profile: Record<string, string>): RetrySettings {
  const attempts = (s: string | undefined) => {
    const n = Number(s?.trim());
    return s?.trim() && Number.isInteger(n) && n >= 1 ? n : undefined;
  };
  const mode = (s: string | undefined) => {
    const m = s?.trim().toLowerCase();
    return m === 'standard' || m === 'adaptive' || m === 'legacy' ? m : undefined;
  };
  const maxAttempts = attempts(env.AWS_MAX_ATTEMPTS) ?? attempts(profile.max_attempts);
  const retryMode = mode(env.AWS_RETRY_MODE) ?? mode(profile.retry_mode);
  return { ...(maxAttempts ? { maxAttempts } : {}), ...(retryMode ? { retryMode } : {}) };
}

/** With `sts_regional_endpoints = legacy`, us-east-1 and the other legacy regions use the global endpoint. */
function legacyStsEndpoint(region: string, mode: string | undefined): string | undefined {
  if (mode?.trim().toLowerCase() !== 'legacy') return undefined;
  return LEGACY_GLOBAL_REGIONS.has(region) ? 'https://sts.amazonaws.com' : undefined;
}

const LEGACY_GLOBAL_REGIONS = new Set([
  'ap-northeast-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'aws-global',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
]);

export function defaultStsUrl(region: string): string {
  return `https://sts.${region}.${dnsSuffix(region)}`;
}

export function defaultIamUrl(region: string): string {
  if (region.startsWith('cn-')) return 'https://iam.cn-north-1.amazonaws.com.cn';
  if (region.startsWith('us-gov-')) return 'https://iam.us-gov.amazonaws.com';
  return 'https://iam.amazonaws.com';
}

function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}
