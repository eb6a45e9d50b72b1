// Entry point of the local STS/IAM emulator used by unit, integration and benchmark code (plain Node, no vscode).
export { Emulator, startEmulator, type ClientConfig, type EmulatorOptions, type RoleOptions, type UserPolicies } from './emulator';
export { AwsError } from './errors';
export type { FaultSettings } from './faults';
export type { IssuedCredentials, PolicyInput } from './model';
export { QUOTAS } from './policy-doc';
export type { SeedOptions, SeededAdmin, SeededProfile, SeededTenant, SeededWorld } from './seed';
export type { CallRecord } from './server';
export type { SsoAssignment, SsoUser } from './sso';
export type { EmulatorState, ManagedPolicyView, RoleView } from './state-view';
