import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from './io';
import { parseCommandArgs } from './args';
import { command as commandRun } from './run';

/**
 * `nianbao demo`: copies the bundled examples/ into a fresh demo/inbox (with arrival times a few minutes apart in
 * January 2023) and runs `run` into demo/outbox — the quick start. Only demo/ is cleared; examples/ is untouched.
 */
export async function command(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('demo', args);
  const examples = path.resolve(__dirname, '../../examples');
  const demo = path.resolve(io.cwd, 'demo');
  fs.rmSync(demo, { recursive: true, force: true });
  fs.mkdirSync(path.join(demo, 'inbox'), { recursive: true });
  const names = fs.readdirSync(examples).filter((n) => !n.startsWith('.')).sort();
  names.forEach((name, n) => {
    const copy = path.join(demo, 'inbox', name);
    fs.copyFileSync(path.join(examples, name), copy);
    const arrived = new Date(Date.UTC(2023, 0, 5, 1, 7 * n));
    fs.utimesSync(copy, arrived, arrived);
  });
  io.stdout(`演示：把 examples/ 中的 ${names.length} 个示例报表复制到 demo/inbox/，然后运行 nianbao run --inbox demo/inbox --outbox demo/outbox\n\n`);
  const code = await commandRun(['--inbox', path.join(demo, 'inbox'), '--outbox', path.join(demo, 'outbox'), '--config', path.resolve(__dirname, '../../nianbao.config.json'), ...(values.verbose ? ['--verbose'] : [])], io);
  io.stdout(`\n退回的文件、问题清单和标注了问题的工作簿副本在 demo/inbox/退回/，采用的文件归档在 demo/archive/。\n` +
    `查看报送情况：npx nianbao status --outbox demo/outbox；在浏览器中查看：npx nianbao serve --inbox demo/inbox --outbox demo/outbox。再次运行 npm start 会重新开始演示。\n`);
  return code;
}
