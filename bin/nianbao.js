#!/usr/bin/env node
'use strict';
// The installed command runs the compiled JavaScript (dist/, built by `npm run build`, which `npm ci` and `npm pack`
// run as `prepare`), with source maps for stack traces. In a checkout without dist/ (development), the TypeScript
// sources are compiled on the fly by swc, a development dependency.
const fs = require('node:fs');
const path = require('node:path');

process.setSourceMapsEnabled(true);
const dist = path.join(__dirname, '..', 'dist', 'main.js');
if (fs.existsSync(dist)) require(dist);
else {
  require('../src/register.js');
  require('../src/main.ts');
}
