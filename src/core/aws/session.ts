// One command run's view of AWS: resolves each account's profile, region and endpoints, and caches credentials so MFA is asked once.
import { assertEndpointsAllowed, resolveAccess, type AwsSettings, type Env, type ResolvedAccess } from './endpoints';
import type { AwsRuntime, CredentialProvider, Credentials, IamApi, Logger, ProfileInfo, StsApi } from './types';
import { silentLogger } from './types';

export interface AwsSessionInit {
  runtime: AwsRuntime;
  settings: AwsSettings;
  env: Env;
  logger?: Logger;
  /** Injected for tests; defaults to the wall clock. */
  now?: () => Date;
  /** False when nobody can be asked for an MFA code (the CLI without a terminal or --mfa-code): messages then say how to give one. */
  interactive?: boolean;
}

export class ProfileNotFoundError extends Error {
  constructor(
    readonly profile: string,
    known: readonly string[],
  ) {
    super(
      `Profile \`${profile}\` is not in the AWS config or credentials file` +
        (known.length ? ` (known profiles: ${known.join(', ')})` : ' (no profiles found)') +
        '.',
    );
    this.name = 'ProfileNotFoundError';
  }
}

export class AwsSession {
  readonly runtime: AwsRuntime;
  readonly settings: AwsSettings;
  readonly env: Env;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly interactive: boolean;
  private profiles: Promise<ProfileInfo[]> | undefined;
  private readonly creds = new Map<string, CredentialProvider>();

  constructor(init: AwsSessionInit) {
    this.runtime = init.runtime;
    this.settings = init.settings;
    this.env = init.env;
    this.logger = init.logger ?? silentLogger;
    this.now = init.now ?? (() => new Date());
    this.interactive = init.interactive ?? true;
  }

  /** The profile list, read once per session; an unreadable file counts as no profiles. */
  listProfiles(): Promise<ProfileInfo[]> {
    this.profiles ??= this.runtime.listProfiles().catch((e: unknown) => {
      this.logger.warn(`Could not read the AWS config/credentials files: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    });
    return this.profiles;
  }

  async access(account: { profile?: string; region?: string }): Promise<ResolvedAccess> {
    return resolveAccess(account, this.settings, this.env, await this.listProfiles());
  }

  /**
   * Credentials for an account's resolved profile. A named profile missing from the files fails early with
   * `ProfileNotFoundError` (the SDK's own message does not say which files it read).
   */
  async credentials(access: ResolvedAccess): Promise<CredentialProvider> {
    // The STS endpoint also receives a role profile's source credentials (its AssumeRole), so it is checked here too.
    assertEndpointsAllowed(access, 'sts');
    if (access.profile) {
      const profiles = await this.listProfiles();
      if (!profiles.some((p) => p.name === access.profile))
        throw new ProfileNotFoundError(
          access.profile,
          profiles.map((p) => p.name),
        );
    }
    const key = `${access.profile ?? ''}\u0000${access.region}\u0000${access.stsEndpoint ?? ''}\u0000${access.maxAttempts ?? ''}\u0000${access.retryMode ?? ''}`;
    let provider = this.creds.get(key);
    if (!provider) {
      provider = memoize(
        this.runtime.credentials(access.profile, {
          region: access.region,
          stsEndpoint: access.stsEndpoint,
          maxAttempts: access.maxAttempts,
          retryMode: access.retryMode,
        }),
        this.now,
      );
      this.creds.set(key, provider);
    }
    return provider;
  }

  sts(access: ResolvedAccess, credentials: CredentialProvider): StsApi {
    assertEndpointsAllowed(access, 'sts');
    return this.runtime.sts({ credentials, region: access.region, endpoint: access.stsEndpoint, maxAttempts: access.maxAttempts, retryMode: access.retryMode });
  }

  iam(access: ResolvedAccess, credentials: CredentialProvider): IamApi {
    assertEndpointsAllowed(access, 'iam');
    return this.runtime.iam({ credentials, region: access.region, endpoint: access.iamEndpoint, maxAttempts: access.maxAttempts, retryMode: access.retryMode });
  }
}

/**
 * Shares one resolution between all callers (so an MFA prompt or SSO refresh happens once) and resolves
 * again five minutes before expiry. A failure is shared too: within one run, asking again would re-prompt.
 */
export function memoize(provider: CredentialProvider, now: () => Date): CredentialProvider {
  let pending: Promise<Credentials> | undefined;
  let value: Credentials | undefined;
  return async () => {
    if (value?.expiration && value.expiration.getTime() - now().getTime() < 5 * 60_000) {
      pending = undefined;
      value = undefined;
    }
    pending ??= provider().then((c) => (value = c));
    return pending;
  };
}

/** Credentials already in hand (from AssumeRole) as a provider. */
export function staticCredentials(c: Credentials): CredentialProvider {
  return async () => c;
}
