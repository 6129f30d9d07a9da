import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * mkdir -p that fails at once where a folder cannot be made. (Node's recursive mkdir retries for ever where the parent
 * exists but refuses children, as /proc does: mkdir /proc/x says ENOENT, mkdir /proc says EEXIST, and again.)
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of missing) fs.mkdirSync(folder);
}
