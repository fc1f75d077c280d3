// Oracle for the SemVer differential test: reads "A<TAB>B" lines on stdin and prints npm semver's
// answer for each ("<", "=", ">", or "error" when semver.valid() rejects either side), in one
// process for the whole batch.
'use strict';
const semver = require('../../../tools/node/node_modules/semver');

const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
const out = [];
for (const line of lines) {
  const [a, b] = line.split('\t');
  if (semver.valid(a) === null || semver.valid(b) === null) {
    out.push('error');
    continue;
  }
  const c = semver.compare(a, b);
  out.push(c < 0 ? '<' : c > 0 ? '>' : '=');
}
process.stdout.write(out.join('\n') + '\n');
