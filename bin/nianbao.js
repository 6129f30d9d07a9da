#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources directly: each .ts file is compiled by swc when first required (no build step).
require('../src/register.js');
require('../src/main.ts');
