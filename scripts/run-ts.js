'use strict';
// Runs a TypeScript script of this repository: node scripts/run-ts.js scripts/make-examples.ts
require('../src/register.js');
require(require('node:path').resolve(process.argv[2]));
