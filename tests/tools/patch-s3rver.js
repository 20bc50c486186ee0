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
if (source.includes(fixed)) process.exit(0);
if (!source.includes(broken) || !source.includes('encodeURIComponentRFC3986')) {
  console.error('patch-s3rver: s3rver changed; review the SigV4 query canonicalisation patch');
  process.exit(1);
}
fs.writeFileSync(file, source.replace(broken, fixed));
