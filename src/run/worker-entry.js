'use strict';
// Entry of a reading worker thread: TypeScript via swc (src/register.js), then the pool's worker body.
require('../register.js');
const { parentPort, workerData } = require('node:worker_threads');
require('./pool.ts').serveWorker(parentPort, workerData);
