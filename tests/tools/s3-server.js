// Start s3rver for the tests: node s3-server.js <directory> <port> <bucket> [cors.xml]
// Credentials: S3RVER / S3RVER. Prints "listening" once ready.
const fs = require('fs');
const S3rver = require('@20minutes/s3rver');

const [directory, port, bucket, cors] = process.argv.slice(2);
const configs = cors ? [fs.readFileSync(cors)] : [];
new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  vhostBuckets: false,
  configureBuckets: [{ name: bucket, configs }],
})
  .run()
  .then(() => console.log('listening'))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
