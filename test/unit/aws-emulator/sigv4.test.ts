import assert from 'node:assert/strict';
import { canonicalQuery, canonicalUri, parseAuthorization, signingInputs, uriEncode, verifySignature, type IncomingSigned } from '../../aws-emulator/sigv4';

// Vectors from AWS's Signature Version 4 test suite (IAM User Guide, "Signature Version 4 test suite";
// the aws-sig-v4-test-suite files): key AKIDEXAMPLE, secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
// date 20150830T123600Z, region us-east-1, service "service".
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const AMZ_DATE = '20150830T123600Z';
const SCOPE = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface Vector {
  name: string;
  request: IncomingSigned;
  signedHeaders: string;
  canonicalRequest?: string;
  stringToSignHash?: string;
  signature: string;
}

const base = (over: Partial<IncomingSigned>): IncomingSigned => ({
  method: 'GET',
  path: '/',
  rawQuery: '',
  headers: { host: ['example.amazonaws.com'], 'x-amz-date': [AMZ_DATE] },
  body: Buffer.alloc(0),
  ...over,
});

const VECTORS: Vector[] = [
  {
    name: 'get-vanilla',
    request: base({}),
    signedHeaders: 'host;x-amz-date',
    canonicalRequest: ['GET', '/', '', 'host:example.amazonaws.com', 'x-amz-date:20150830T123600Z', '', 'host;x-amz-date', EMPTY_HASH].join('\n'),
    stringToSignHash: 'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'get-vanilla-query-order-key-case',
    request: base({ rawQuery: 'Param2=value2&Param1=value1' }),
    signedHeaders: 'host;x-amz-date',
    canonicalRequest: [
      'GET',
      '/',
      'Param1=value1&Param2=value2',
      'host:example.amazonaws.com',
      'x-amz-date:20150830T123600Z',
      '',
      'host;x-amz-date',
      EMPTY_HASH,
    ].join('\n'),
    stringToSignHash: '816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0',
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'post-vanilla',
    request: base({ method: 'POST' }),
    signedHeaders: 'host;x-amz-date',
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    // The shape of a Query-protocol call (STS, IAM) as botocore signs it: content-type;host;x-amz-date, the body hashed.
    name: 'post-x-www-form-urlencoded',
    request: base({
      method: 'POST',
      headers: { 'content-type': ['application/x-www-form-urlencoded'], host: ['example.amazonaws.com'], 'x-amz-date': [AMZ_DATE] },
      body: Buffer.from('Param1=value1'),
    }),
    signedHeaders: 'content-type;host;x-amz-date',
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'get-header-value-trim',
    request: base({ headers: { host: ['example.amazonaws.com'], 'my-header1': [' value1'], 'my-header2': ['"a   b   c"'], 'x-amz-date': [AMZ_DATE] } }),
    signedHeaders: 'host;my-header1;my-header2;x-amz-date',
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    name: 'post-header-value-case',
    request: base({ method: 'POST', headers: { host: ['example.amazonaws.com'], 'my-header1': ['VALUE1'], 'x-amz-date': [AMZ_DATE] } }),
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d',
  },
];

describe('aws-emulator SigV4 verification against the AWS Signature Version 4 test suite', () => {
  for (const v of VECTORS) {
    const auth = parseAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`);

    it(`${v.name}: canonical request and string to sign as AWS publishes them, and the signature verifies`, () => {
      const inputs = signingInputs(v.request, auth, AMZ_DATE);
      assert.ok(inputs, 'every signed header is present');
      if (v.canonicalRequest) assert.equal(inputs.canonicalRequest, v.canonicalRequest);
      if (v.stringToSignHash) {
        assert.equal(inputs.stringToSign, ['AWS4-HMAC-SHA256', AMZ_DATE, '20150830/us-east-1/service/aws4_request', v.stringToSignHash].join('\n'));
      }
      assert.deepEqual(verifySignature(v.request, auth, AMZ_DATE, SECRET), { ok: true });
    });

    it(`${v.name}: a wrong secret, a changed signed header or a changed body does not verify`, () => {
      assert.equal(verifySignature(v.request, auth, AMZ_DATE, SECRET.replace('K7', 'K8')).ok, false);
      const header = v.signedHeaders.split(';').find((h) => h !== 'host' && h !== 'x-amz-date') ?? 'host';
      const changed = { ...v.request, headers: { ...v.request.headers, [header]: [`${v.request.headers[header]![0]}x`] } };
      assert.equal(verifySignature(changed, auth, AMZ_DATE, SECRET).ok, false);
      assert.equal(verifySignature({ ...v.request, body: Buffer.from('Param1=value2') }, auth, AMZ_DATE, SECRET).ok, false);
    });
  }

  it('an unsigned header added after signing (post-sts-header-after: a session token sent but not signed) does not matter', () => {
    const v = VECTORS.find((x) => x.name === 'post-vanilla')!;
    const auth = parseAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`);
    const withToken = { ...v.request, headers: { ...v.request.headers, 'x-amz-security-token': ['AQoDYXdzEPT//////////wEXAMPLE'] } };
    assert.deepEqual(verifySignature(withToken, auth, AMZ_DATE, SECRET), { ok: true });
  });

  it('a signed header the request does not carry, or an x-amz-content-sha256 that is not the body hash, does not verify', () => {
    const v = VECTORS.find((x) => x.name === 'post-x-www-form-urlencoded')!;
    const auth = parseAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`);
    const { 'content-type': _dropped, ...rest } = v.request.headers;
    assert.equal(verifySignature({ ...v.request, headers: rest }, auth, AMZ_DATE, SECRET).ok, false);
    assert.equal(verifySignature({ ...v.request, headers: { ...v.request.headers, 'x-amz-content-sha256': [EMPTY_HASH] } }, auth, AMZ_DATE, SECRET).ok, false);
  });

  it('requires host and x-amz-date among the signed headers, and a scope date equal to the X-Amz-Date day', () => {
    const v = VECTORS[0]!;
    const noHost = parseAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=x-amz-date, Signature=${v.signature}`);
    assert.equal(verifySignature(v.request, noHost, AMZ_DATE, SECRET).ok, false);
    const auth = parseAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`);
    const r = verifySignature({ ...v.request, headers: { ...v.request.headers, 'x-amz-date': ['20150831T000000Z'] } }, auth, '20150831T000000Z', SECRET);
    assert.equal(r.ok, false);
    assert.match(
      r.ok ? '' : (r.message ?? ''),
      /^Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150831'/,
    );
  });

  it('UriEncode, canonical URI and canonical query follow the spec (unreserved kept, %XY upper case, path encoded twice, sorted query)', () => {
    assert.equal(uriEncode('-._~AZaz09 /+=ሴ'), '-._~AZaz09%20%2F%2B%3D%E1%88%B4');
    assert.equal(canonicalUri('/'), '/');
    assert.equal(canonicalUri(''), '/');
    assert.equal(canonicalUri('/a/./b/../c//d%20e'), '/a/c/d%2520e');
    assert.equal(canonicalQuery('b=2&a=&a=1&c'), 'a=&a=1&b=2&c=');
    assert.equal(canonicalQuery('k=a%20b&k2=%2B'), 'k=a%20b&k2=%2B');
  });
});
