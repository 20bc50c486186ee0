// s3rver 5.0.0 canonicalises SigV4 query values with encodeURIComponent, which leaves ' ( ) * !
// unescaped, while AWS (and botocore) escape them. Presigned GETs whose
// response-content-disposition carries RFC 5987 `filename*=UTF-8''...` (every Korean filename)
// would then fail with SignatureDoesNotMatch. Use the RFC 3986 encoder s3rver already ships.
// This makes the emulator's check stricter and closer to S3, never looser.
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, 'node_modules/@20minutes/s3rver/lib/middleware/authentication.js');
const source = fs.readFileSync(file, 'utf8');
const broken = '[param, value].map(encodeURIComponent).join';
const fixed = '[param, value].map(encodeURIComponentRFC3986).join';
if (!source.includes(fixed)) {
  if (!source.includes(broken) || !source.includes('encodeURIComponentRFC3986')) {
    console.error('patch-s3rver: s3rver changed; review the SigV4 query canonicalisation patch');
    process.exit(1);
  }
  fs.writeFileSync(file, source.replace(broken, fixed));
}

// S3 has honoured `If-None-Match: *` on PutObject since 2024 (a conditional write: 412 when the
// key exists); s3rver 5.0.0 ignores it. The portal signs that header into every upload URL so an
// uploaded file cannot be replaced; teach the emulator the same rule, as S3 applies it.
const objectFile = path.join(__dirname, 'node_modules/@20minutes/s3rver/lib/controllers/object.js');
const objectSource = fs.readFileSync(objectFile, 'utf8');
const putStart = 'exports.putObject = async function putObject(ctx) {\n  aws4SignatureBodyParser(ctx)\n';
const conditional = `${putStart}  if (ctx.headers['if-none-match'] === '*' && (await ctx.store.existsObject(ctx.params.bucket, ctx.params.key))) {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' })
  }
`;
if (!objectSource.includes(conditional)) {
  if (!objectSource.includes(putStart)) {
    console.error('patch-s3rver: s3rver changed; review the If-None-Match patch');
    process.exit(1);
  }
  fs.writeFileSync(objectFile, objectSource.replace(putStart, conditional));
}
