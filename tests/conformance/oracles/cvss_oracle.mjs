// CVSS oracle for cvss_differential_test: reads one vector per line on stdin and prints, per line,
// the scores of an npm calculator: "<base> <temporal> <environmental>" for v2/v3 ("None" where the
// calculator leaves a score undefined) and "<score> <base-only score>" for v4 ("None" if the
// calculator has no base-only score); "error <message>" if it rejects the vector.
// Usage: node cvss_oracle.mjs ae|pandatix
import { createRequire, register } from 'node:module';
import { readFileSync } from 'node:fs';

const modules = new URL('../../../tools/node/node_modules/', import.meta.url);
const require = createRequire(modules);
const which = process.argv[2];

const fmt = (x) => (x === undefined || x === null ? 'None' : String(x));

async function aeScorer() {
  const ae = require('ae-cvss-calculator');
  const classes = { '3.0': ae.Cvss3P0, '3.1': ae.Cvss3P1, '4.0': ae.Cvss4P0 };
  return (vector) => {
    const version = vector.startsWith('CVSS:') ? vector.slice(5, 8) : '2.0';
    const s = new (classes[version] ?? ae.Cvss2)(vector).calculateScores();
    if (version === '4.0') return `${fmt(s.overall)} ${fmt(s.baseMetricsOnly)}`;
    return `${fmt(s.base)} ${fmt(s.temporal)} ${fmt(s.environmental)}`;
  };
}

async function pandatixScorer() {
  // The package's ESM build imports './errors' without an extension, which Node rejects.
  const hook = `export async function resolve(s, c, next) {
    if (s.startsWith('.') && !s.endsWith('.js')) s += '.js';
    return next(s, c);
  }`;
  register('data:text/javascript,' + encodeURIComponent(hook));
  const p = await import(new URL('@pandatix/js-cvss/dist/index.js', modules).href);
  const classes = { '3.0': p.CVSS30, '3.1': p.CVSS31, '4.0': p.CVSS40 };
  return (vector) => {
    const version = vector.startsWith('CVSS:') ? vector.slice(5, 8) : '2.0';
    const c = new (classes[version] ?? p.CVSS20)(vector);
    if (version === '4.0') return `${c.Score()} None`;
    return `${c.BaseScore()} ${c.TemporalScore()} ${c.EnvironmentalScore()}`;
  };
}

const score = which === 'pandatix' ? await pandatixScorer() : await aeScorer();
const out = [];
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (line === '') continue;
  try {
    out.push(score(line));
  } catch (e) {
    out.push(`error ${String(e.message ?? e).replace(/\n/g, ' ')}`);
  }
}
process.stdout.write(out.join('\n') + '\n');
