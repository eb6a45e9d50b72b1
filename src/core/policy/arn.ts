// ARN syntax: splitting into parts and checking each (partition, service, region, 12-digit account, resource).

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Splits an ARN into its six parts; the resource part keeps any further colons. Undefined when it is not `arn:` + 5 colons. */
export function splitArn(arn: string): ArnParts | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts: string[] = [];
  let from = 4;
  for (let i = 0; i < 4; i++) {
    const c = arn.indexOf(':', from);
    if (c < 0) return undefined;
    parts.push(arn.slice(from, c));
    from = c + 1;
  }
  return { partition: parts[0], service: parts[1], region: parts[2], account: parts[3], resource: arn.slice(from) };
}

// Policy variables (`${aws:username}`) may stand anywhere; they are replaced by this placeholder before the checks.
const VAR = '\u0001';
function withoutVariables(s: string): string {
  return s.includes('${') ? s.replace(/\$\{[^}]*\}/g, VAR) : s;
}

function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** What is wrong with a resource ARN (wildcards and policy variables allowed), or undefined when it is well formed. */
export function arnProblem(value: string): string | undefined {
  if (value === '*') return undefined;
  const v = withoutVariables(value);
  if (!v.startsWith('arn:')) {
    if (/^arn:/i.test(v)) return 'an ARN starts with lowercase `arn:`';
    return 'a resource is `*` or an ARN (`arn:partition:service:region:account:resource`)';
  }
  const p = splitArn(v);
  if (!p) return 'an ARN has six colon-separated parts: `arn:partition:service:region:account:resource`';
  return partsProblem(p, true);
}

/** A part is fine when it fits `re`, holds a policy variable, or (where allowed) is a wildcard pattern. */
function partOk(s: string, re: RegExp, wildcards: boolean): boolean {
  return re.test(s) || s.includes(VAR) || (wildcards && hasWildcard(s) && /^[a-z0-9*?-]*$/.test(s));
}

function partsProblem(p: ArnParts, wildcards: boolean): string | undefined {
  const partitionOk = PARTITIONS.includes(p.partition) || p.partition.includes(VAR) || (wildcards && hasWildcard(p.partition) && /^[a-z*?-]+$/.test(p.partition));
  if (!partitionOk)
    return `partition \`${p.partition}\` is not one of ${PARTITIONS.map((x) => `\`${x}\``).join(', ')}`;
  if (!partOk(p.service, /^[a-z0-9][a-z0-9.-]*$/, wildcards)) return p.service === '' ? 'the service part is empty' : `service \`${p.service}\` is not a service name (lowercase letters, digits, hyphens)`;
  if (p.region !== '' && !partOk(p.region, /^[a-z]{2}(-[a-z]+)+-\d+$/, wildcards)) return `region \`${p.region}\` is not a region code such as \`us-east-1\``;
  if (p.account !== '' && p.account !== 'aws' && !(p.account.includes(VAR) || /^\d{12}$/.test(p.account) || (wildcards && /^[\d*?]+$/.test(p.account) && hasWildcard(p.account))))
    return `account \`${p.account}\` is not a 12-digit account ID`;
  if (p.resource === '') return 'the resource part is empty';
  return undefined;
}

export const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

/** What is wrong with a principal value under `key`, or undefined when it is well formed. */
export function principalProblem(key: string, value: string): string | undefined {
  switch (key) {
    case 'AWS': {
      if (value === '*' || /^\d{12}$/.test(value)) return undefined;
      if (!value.startsWith('arn:')) return `\`${value}\` is not a 12-digit account ID or an IAM ARN`;
      const p = splitArn(value);
      if (!p) return 'an ARN has six colon-separated parts: `arn:partition:service:region:account:resource`';
      // Wildcards are not allowed in principal ARNs: IAM rejects them (only a lone "*" is allowed).
      if (hasWildcard(value)) return 'wildcards are not allowed in a principal ARN (use `aws:PrincipalArn` with `ArnLike` in a condition instead)';
      const problem = partsProblem(p, false);
      if (problem) return problem;
      if (p.service !== 'iam' && p.service !== 'sts') return `a principal ARN is an \`iam\` or \`sts\` ARN, not \`${p.service}\``;
      if (p.region !== '') return 'a principal ARN has no region: `arn:aws:iam::123456789012:root`';
      if (!/^\d{12}$/.test(p.account)) return `account \`${p.account}\` is not a 12-digit account ID`;
      const r = p.resource;
      if (p.service === 'iam' && !(r === 'root' || /^(user|role|federated-user|group)\/.+/.test(r))) return `\`${r}\` is not \`root\`, \`role/…\` or \`user/…\``;
      if (p.service === 'sts' && !/^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(r)) return `\`${r}\` is not \`assumed-role/ROLE/SESSION\``;
      return undefined;
    }
    case 'Service':
      if (/^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|aws\.internal)$/.test(value)) return undefined;
      return `\`${value}\` is not a service principal such as \`ec2.amazonaws.com\``;
    case 'Federated': {
      if (value.startsWith('arn:')) {
        const p = splitArn(value);
        if (p && p.service === 'iam' && /^\d{12}$/.test(p.account) && /^(saml-provider|oidc-provider)\/.+/.test(p.resource)) return undefined;
        return '`Federated` takes a SAML or OIDC provider ARN (`arn:aws:iam::123456789012:saml-provider/NAME`) or an identity provider name';
      }
      if (/^[A-Za-z0-9][A-Za-z0-9.-]*(\/[\w./-]+)?$/.test(value)) return undefined;
      return `\`${value}\` is not an identity provider such as \`cognito-identity.amazonaws.com\``;
    }
    case 'CanonicalUser':
      return /^[0-9a-f]{64}$/.test(value) ? undefined : 'a canonical user ID is 64 lowercase hexadecimal characters';
    default:
      return `\`${key}\` is not a principal type: use \`AWS\`, \`Service\`, \`Federated\` or \`CanonicalUser\``;
  }
}

/** The 12-digit account of an `AWS` principal (an account ID or an IAM/STS ARN), if it names one. */
export function principalAccount(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const p = splitArn(value);
  return p && /^\d{12}$/.test(p.account) ? p.account : undefined;
}
