// `plan`, `apply` and `drift`: the editor's Apply Policies / Check Drift core for pipelines (same plan, same ownership rules).
import { createTwoFilesPatch } from 'diff';
import { allAccounts, applyPrepared, prepareAccount, type AccountRef, type PreparedAccount } from '../core/aws/account-ops';
import { describeStep, foreignMessage, type ApplyReport, type DriftItem } from '../core/aws/apply';
import { withDeadline, type Failure } from '../core/aws/failures';
import { mapBounded } from '../core/aws/test-all';
import { escapeForText } from './text-output';
import { AWS_OPTIONS, AWS_OPTIONS_HELP, ask, startAwsRun, type AwsDeps, type AwsRun } from './aws-options';
import { parseCommandLine, type CliCommand, type CliIo } from './command-line';

type Mode = 'plan' | 'apply' | 'drift';

const SELECT_HELP = `  --account NAME           only this admin or tenant (repeatable; default: every account of the file)
`;
const ADOPT_HELP = `  --adopt NAME             hand over an existing role or managed policy that apply did not create (it has no
                           cross-account-backup:managed tag): apply tags it, then changes it (repeatable)
`;

const HELP: Record<Mode, string> = {
  plan: `Usage: cross-account-backup plan --accounts FILE [--account NAME]... [--adopt NAME]... [--format json|text]

Reads IAM in each account with that account's profile and prints the calls that would make IAM match the
policy files, with a diff of each policy that differs. Changes nothing. Existing roles and managed policies
that apply did not create are someone else's: their changes are listed but withheld unless adopted.

Options:
${AWS_OPTIONS_HELP}${SELECT_HELP}${ADOPT_HELP}  --format json|text       output format (default text)

Exit status: 0 nothing to do, 1 changes planned, 2 usage or I/O errors or an account that could not be read.
`,
  apply: `Usage: cross-account-backup apply --accounts FILE [--account NAME]... [--adopt NAME]... [--yes] [--format json|text]

Plans as \`plan\` does, prints the plan, then makes the calls, after you confirm on the terminal or with --yes.
Without a terminal (a pipeline) --yes is required. Nothing is deleted except the oldest non-default version of a
managed policy apply created (or you adopted) when IAM's limit of 5 versions is reached.

Options:
${AWS_OPTIONS_HELP}${SELECT_HELP}${ADOPT_HELP}  --yes                    apply without asking
  --format json|text       output format (default text)

Exit status: 0 applied (or nothing to do), 1 a call failed, changes were left undone, or you declined,
2 usage or I/O errors, an account that could not be read, or no --yes without a terminal.
`,
  drift: `Usage: cross-account-backup drift --accounts FILE [--account NAME]... [--format json|text]

Compares live IAM with the policy files in each account (read-only), for a nightly check.

Options:
${AWS_OPTIONS_HELP}${SELECT_HELP}  --format json|text       output format (default text)

Exit status: 0 IAM matches the files, 1 something differs or is missing, 2 usage or I/O errors or an account
that could not be read.
`,
};

const SUMMARY: Record<Mode, string> = {
  plan: 'Print the IAM calls and policy diffs that would make AWS match the files (exit 1 when changes are planned)',
  apply: 'Apply the plan to AWS IAM, after confirmation or --yes',
  drift: 'Compare live IAM with the policy files (exit 1 when they differ)',
};

export function makeIamCommand(mode: Mode, deps: AwsDeps = {}): CliCommand {
  return { name: mode, summary: SUMMARY[mode], run: (args, io) => run(mode, args, io, deps) };
}

export const planCommand = makeIamCommand('plan');
export const applyCommand = makeIamCommand('apply');
export const driftCommand = makeIamCommand('drift');

interface Outcome {
  ref: AccountRef;
  prepared?: PreparedAccount;
  failure?: Failure;
}

async function run(mode: Mode, args: string[], io: CliIo, deps: AwsDeps): Promise<number> {
  const line = parseCommandLine(args, io, HELP[mode], {
    ...AWS_OPTIONS,
    account: { type: 'string', multiple: true },
    adopt: { type: 'string', multiple: true },
    yes: { type: 'boolean', default: false },
  });
  if (typeof line === 'number') return line;
  const { values } = line;
  if (mode === 'drift' && values.adopt?.length) return usage(io, mode, '--adopt is for `plan` and `apply`: drift changes nothing.');
  if (mode !== 'apply' && values.yes) return usage(io, mode, '--yes is for `apply`.');
  const started = await startAwsRun(values, io, HELP[mode], deps);
  if (typeof started === 'number') return started;

  const all = allAccounts(started.accounts);
  const wanted = values.account?.length ? values.account : all.map((r) => r.name);
  const unknown = wanted.filter((n) => !all.some((r) => r.name === n));
  if (unknown.length)
    return usage(
      io,
      mode,
      `No account named ${unknown.map((n) => `\`${n}\``).join(', ')} in ${started.file}; accounts: ${all.map((r) => r.name).join(', ') || '(none)'}.`,
    );
  const refs = all.filter((r) => wanted.includes(r.name));
  if (refs.length === 0) {
    io.err(`${started.file} lists no accounts.\n`);
    return 2;
  }

  const outcomes = await prepareAll(started, refs, values.adopt ?? []);
  const failed = outcomes.filter((o) => o.failure);
  const json = line.format === 'json';

  if (mode === 'drift') {
    const items = outcomes.flatMap((o) => o.prepared?.drift.items ?? []);
    io.out(json ? `${JSON.stringify({ accounts: outcomes.map(driftRecord), failures: failed.map(failureRecord) }, null, 2)}\n` : driftText(outcomes));
    if (failed.length) return 2;
    return items.some((i) => i.status !== 'in-sync') ? 1 : 0;
  }

  const steps = outcomes.reduce((n, o) => n + (o.prepared?.plan.steps.length ?? 0), 0);
  if (mode === 'plan' || steps === 0) {
    io.out(
      json ? `${JSON.stringify({ accounts: outcomes.map(planRecord), failures: failed.map(failureRecord), changes: steps }, null, 2)}\n` : planText(outcomes),
    );
    if (failed.length) return 2;
    return mode === 'plan' && steps > 0 ? 1 : 0;
  }

  // apply: the plan first (on stderr with --format json, so stdout carries only the result), then the confirmation.
  if (json) io.err(planText(outcomes));
  else io.out(planText(outcomes));
  if (!values.yes) {
    const isTTY = deps.isTTY ?? !!process.stdin.isTTY;
    if (!isTTY) {
      io.err('Not applied: there is no terminal to confirm on. Read the plan above, then run again with --yes to apply it.\n');
      return 2;
    }
    const answer = await ask(`Apply ${steps} change(s) to AWS IAM? Type "yes" to apply: `);
    if (answer.toLowerCase() !== 'yes') {
      io.err('Not applied.\n');
      return 1;
    }
  }
  const reports: ApplyReport[] = [];
  for (const o of outcomes) {
    if (!o.prepared?.plan.steps.length) continue;
    const tag = escapeForText(o.ref.name);
    reports.push(
      await applyPrepared(o.prepared, {
        onStep: (step, state) => {
          if (json || state === 'start') return;
          if (state === 'done') io.out(`[${tag}] done: ${describeStep(step)}\n`);
          else io.out(`[${tag}] failed: ${describeStep(step)}: ${state.kind}: ${state.message}\n        fix: ${state.fix}\n`);
        },
      }),
    );
  }
  const done = reports.reduce((n, r) => n + r.done.length, 0);
  const notRun = reports.reduce((n, r) => n + r.notRun.length, 0);
  const broken = reports.filter((r) => r.failed);
  if (json) {
    io.out(
      `${JSON.stringify({ applied: reports.map((r) => ({ account: r.account, done: r.done.map(stepRecord), failed: r.failed ? { step: stepRecord(r.failed.step), ...failureBody(r.failed.failure) } : null, notRun: r.notRun.map(stepRecord) })), failures: failed.map(failureRecord) }, null, 2)}\n`,
    );
  } else {
    io.out(`\nApplied ${done} of ${steps} change(s)${notRun ? `; ${notRun} not done: run \`apply\` again to complete them` : ''}.\n`);
  }
  if (failed.length) return 2;
  return broken.length || notRun ? 1 : 0;
}

async function prepareAll(started: AwsRun, refs: AccountRef[], adopt: readonly string[]): Promise<Outcome[]> {
  return mapBounded(refs, 8, async (ref) => {
    const signal = withDeadline(undefined, started.timeoutSeconds, `Reading IAM for ${ref.kind} \`${ref.name}\``);
    const r = await prepareAccount(started.accounts, ref, started.session, signal, { adopt });
    return { ref, ...r };
  });
}

function usage(io: CliIo, mode: Mode, message: string): number {
  io.err(`${message}\n\n${HELP[mode]}`);
  return 2;
}

function planText(outcomes: Outcome[]): string {
  const out: string[] = [];
  let steps = 0;
  let foreign = 0;
  for (const o of outcomes) {
    const name = escapeForText(o.ref.name);
    if (o.failure) {
      out.push(`${o.ref.kind} ${name}: could not read IAM: ${o.failure.kind}: ${o.failure.message}`, `  fix: ${o.failure.fix}`, '');
      continue;
    }
    const p = o.prepared!;
    steps += p.plan.steps.length;
    out.push(
      `${o.ref.kind} ${name} (${p.plan.accountId}, ${p.access.profile ? `profile ${p.access.profile}` : 'default credential chain'}): ${p.plan.steps.length ? `${p.plan.steps.length} call(s)` : 'nothing to do'}`,
    );
    for (const s of p.plan.steps) out.push(`  ${describeStep(s)}`);
    for (const f of p.plan.foreign) {
      if (f.adopted) continue;
      foreign++;
      out.push(`  foreign ${f.kind} ${f.name}: ${foreignMessage(f)}`);
    }
    for (const b of p.plan.blocked) out.push(`  not planned: ${b}`);
    for (const d of p.plan.diffs) out.push(indent(diffText(d)));
    out.push('');
  }
  out.push(
    `Plan: ${steps} change(s) in ${outcomes.filter((o) => o.prepared?.plan.steps.length).length} account(s); ${foreign} foreign resource(s) left alone; ${outcomes.filter((o) => o.failure).length} account(s) could not be read.`,
  );
  return `${out.join('\n')}\n`;
}

function driftText(outcomes: Outcome[]): string {
  const out: string[] = [];
  for (const o of outcomes) {
    const name = escapeForText(o.ref.name);
    if (o.failure) {
      out.push(`${o.ref.kind} ${name}: could not read IAM: ${o.failure.kind}: ${o.failure.message}`, `  fix: ${o.failure.fix}`);
      continue;
    }
    for (const i of o.prepared!.drift.items) {
      out.push(`${i.status === 'in-sync' ? 'in-sync' : i.status === 'missing' ? 'MISSING' : 'DIFFERS'} ${name} ${i.resource} ${i.name}: ${i.detail}`);
      if (i.status === 'differs') out.push(indent(diffText(i)));
    }
  }
  const items = outcomes.flatMap((o) => o.prepared?.drift.items ?? []);
  const count = (s: string) => items.filter((i) => i.status === s).length;
  out.push(
    '',
    `Drift: ${count('differs')} differ, ${count('missing')} missing, ${count('in-sync')} in sync; ${outcomes.filter((o) => o.failure).length} account(s) could not be read.`,
  );
  return `${out.join('\n')}\n`;
}

/** A unified diff, live IAM → local file. */
function diffText(d: DriftItem): string {
  const patch = createTwoFilesPatch(
    `live: ${d.account} ${d.resource} ${d.name}`,
    `local: ${d.file ?? d.name}`,
    withNewline(d.live ?? ''),
    withNewline(d.local ?? ''),
    undefined,
    undefined,
    { context: 3 },
  );
  // The first line is the "====" separator createTwoFilesPatch puts before the headers.
  return patch
    .split('\n')
    .filter((l) => !/^=+$/.test(l))
    .join('\n')
    .trimEnd();
}

function withNewline(s: string): string {
  return s && !s.endsWith('\n') ? `${s}\n` : s;
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function stepRecord(s: import('../core/aws/apply').PlanStep) {
  return { op: s.op, call: describeStep(s), summary: s.summary };
}

function failureBody(f: Failure) {
  return { kind: f.kind, message: f.message, fix: f.fix };
}

function failureRecord(o: Outcome) {
  return { account: o.ref.name, ...failureBody(o.failure!) };
}

function planRecord(o: Outcome) {
  if (!o.prepared) return { account: o.ref.name, kind: o.ref.kind, failure: failureBody(o.failure!) };
  const p = o.prepared.plan;
  return {
    account: o.ref.name,
    kind: o.ref.kind,
    accountId: p.accountId,
    steps: p.steps.map(stepRecord),
    foreign: p.foreign.map((f) => ({ ...f, message: foreignMessage(f) })),
    blocked: p.blocked,
    diffs: p.diffs.map((d) => ({ resource: d.resource, name: d.name, status: d.status, file: d.file ?? null, diff: diffText(d) })),
  };
}

function driftRecord(o: Outcome) {
  if (!o.prepared) return { account: o.ref.name, kind: o.ref.kind, failure: failureBody(o.failure!) };
  return {
    account: o.ref.name,
    kind: o.ref.kind,
    items: o.prepared.drift.items.map((i) => ({ resource: i.resource, name: i.name, arn: i.arn, status: i.status, detail: i.detail, file: i.file ?? null })),
  };
}
