/** The package's programmatic entry: what another program needs to read, check and consolidate reports. */
export { runCli } from './cli';
export { inspectBytes, inspectFile, type Submission } from './inspect';
export { loadMappings } from './mapping/load';
export { loadConfig, makeConfig, type Config } from './config';
export { runInbox, type RunSummary } from './run/run';
