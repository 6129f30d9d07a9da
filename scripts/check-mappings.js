'use strict';
// Part of `npm run build`: parses and checks the shipped mapping files once and records them beside the compiled
// loader (dist/mapping/checked-mappings.json), so that a start with unchanged mapping files needs neither the YAML
// parser nor zod (src/mapping/load.ts).
const fs = require('node:fs');
const { checkMappings, CHECKED_MAPPINGS_FILE } = require('../dist/mapping/load.js');

fs.writeFileSync(CHECKED_MAPPINGS_FILE, JSON.stringify(checkMappings()));
