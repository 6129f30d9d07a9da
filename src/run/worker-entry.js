'use strict';
// Entry of a reading worker thread. In the built package (dist/) the compiled pool.js sits beside this file; in the
// sources (development and tests) the TypeScript is compiled on the fly by src/register.js. (Paths are joined, not
// literal, so that the build does not copy the development hook into dist/.)
const fs = require('node:fs');
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');

const built = fs.existsSync(path.join(__dirname, 'pool.js'));
if (!built) require(path.join(__dirname, '..', 'register.js'));
require(path.join(__dirname, built ? 'pool.js' : 'pool.ts')).serveWorker(parentPort, workerData);
