// Generators of broken and random policy-like documents, shared by the fuzz tests.

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '*',
  '?',
  '/*',
  '//',
  '\n',
  ' ',
  '"Statement"',
  '"Action"',
  '"Effect"',
  '"Allow"',
  '"Principal"',
  '"AWS"',
  '"Condition"',
  '"StringEquals"',
  '"sts:ExternalId"',
  '"arn:aws:iam::111111111111:root"',
  '"ec2:*"',
  '"s3:Get?bject"',
  'null',
  'true',
  '1e999',
  '"\\u00"',
  '"${aws:username}"',
  '"arn:"',
  '"Version"',
  '"2012-10-17"',
  '-',
  '0',
];

export function mutate(text: string, r: () => number): string {
  let t = text;
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (t.length + 1));
    const op = r();
    if (op < 0.35) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 8));
    else if (op < 0.7) t = t.slice(0, at) + TOKENS[Math.floor(r() * TOKENS.length)] + t.slice(at);
    else if (op < 0.85) t = t.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + t.slice(at);
    else {
      // Duplicate a random slice, which makes deep nesting and repeated keys.
      const len = Math.floor(r() * 200);
      t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
    }
  }
  return t;
}

export function randomDoc(r: () => number): string {
  let s = '';
  const n = Math.floor(r() * 80);
  for (let i = 0; i < n; i++) s += TOKENS[Math.floor(r() * TOKENS.length)];
  return s;
}
