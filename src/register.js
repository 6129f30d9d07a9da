'use strict';
// Lets Node require .ts files: each is compiled to CommonJS by swc on first require. The output is cached on disk
// (node_modules/.cache/nianbao-ts/, keyed by a hash of the source), so later processes and worker threads load
// plain JavaScript and never load swc itself (~20 MB and ~150 ms per thread). Tests use @swc/jest instead.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { addHook } = require('pirates');

const OPTIONS = {
  sourceMaps: 'inline',
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};
const CACHE = path.join(__dirname, '..', 'node_modules', '.cache', 'nianbao-ts');
const SALT = JSON.stringify(OPTIONS) + require('@swc/core/package.json').version;

function compile(code, filename) {
  const key = crypto.createHash('sha256').update(SALT).update(filename).update(code).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet
  }
  const output = require('@swc/core').transformSync(code, { ...OPTIONS, filename }).code;
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const temporary = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, cached);
  } catch {
    // a read-only install compiles in memory every time
  }
  return output;
}

if (!global.__nianbaoTsHook) {
  global.__nianbaoTsHook = addHook(compile, { exts: ['.ts'], ignoreNodeModules: true });
}
