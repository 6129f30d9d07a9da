'use strict';
// Lets Node require .ts files: each is compiled to CommonJS by swc on first require (in memory, ~1 ms a file).
// Used by bin/ and by worker threads; tests use @swc/jest instead.
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');

if (!global.__nianbaoTsHook) {
  global.__nianbaoTsHook = addHook(
    (code, filename) =>
      transformSync(code, {
        filename,
        sourceMaps: 'inline',
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      }).code,
    { exts: ['.ts'], ignoreNodeModules: true },
  );
}
