/**
 * Operating-system errors (EEXIST, ENOTDIR, EACCES, ENOSPC…) told in Chinese with the path they are about: the one
 * place where an errno becomes words for the clerk. Anything else keeps its own message.
 */

type SystemError = NodeJS.ErrnoException & { dest?: string };

/** What a failed write means for the person at the machine. */
export function writeFault(error: unknown): string {
  return FAULTS[(error as SystemError).code ?? ''] ?? (error as Error).message;
}

const FAULTS: Record<string, string> = {
  ENOSPC: '磁盘空间已满',
  EDQUOT: '超出了磁盘配额或系统允许的文件大小',
  EFBIG: '超出了磁盘配额或系统允许的文件大小',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EROFS: '磁盘是只读的',
  ENOENT: '该位置不允许新建文件夹（或路径不存在）',
  ENOTDIR: '路径中有一段是文件而不是文件夹',
  ENAMETOOLONG: '路径或名称过长',
  EIO: '磁盘读写出错（可能已断开）',
};

/** The same faults where nothing is being written: a missing file is simply missing, a refusal is to read. */
const READ_FAULTS: Record<string, string> = {
  ...FAULTS,
  ENOENT: '不存在（请检查文件名和所在文件夹）',
  EACCES: '没有访问权限',
  EPERM: '没有访问权限',
};

const MORE_FAULTS: Record<string, string> = {
  EEXIST: '已经存在（不会覆盖）',
  EISDIR: '是文件夹，不是文件',
  ENOTEMPTY: '文件夹不是空的',
  EBUSY: '正被其他程序占用（例如在 Excel 中打开着），请关闭后再试',
  EMFILE: '同时打开的文件过多，请稍后再试',
  ENFILE: '同时打开的文件过多，请稍后再试',
  EXDEV: '不能跨磁盘移动',
  ELOOP: '路径中的链接构成了循环',
  EADDRINUSE: '端口已被其他程序占用，请换一个端口（--port）',
  EADDRNOTAVAIL: '本机没有这个地址（--host）',
};

/** What the system call was doing, as the clerk would say it. */
const DOING: Record<string, string> = {
  open: '打开',
  read: '读取',
  write: '写入',
  mkdir: '创建文件夹',
  rmdir: '删除文件夹',
  scandir: '读取文件夹',
  opendir: '读取文件夹',
  stat: '访问',
  lstat: '访问',
  rename: '移动',
  link: '移动',
  unlink: '删除',
  copyfile: '复制',
  cp: '复制',
  listen: '启动网页服务，地址',
};

const WRITING = new Set(['write', 'mkdir', 'rename', 'link', 'copyfile', 'cp', 'unlink', 'rmdir']);

/** An error of the operating system (it has an errno code and a system call), as one Chinese line; else undefined. */
export function systemErrorText(error: unknown): string | undefined {
  const e = error as SystemError;
  // told by its shape, not `instanceof`: an error made in another realm (a vm context, a worker) is one too
  if (typeof error !== 'object' || error === null || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const faults = WRITING.has(e.syscall) || (e.syscall === 'open' && e.code !== 'ENOENT' && e.code !== 'EACCES') ? FAULTS : READ_FAULTS;
  const fault = e.syscall === 'listen' && e.code === 'EACCES' ? '该端口需要管理员权限，请换一个大于 1024 的端口（--port）' : (MORE_FAULTS[e.code] ?? faults[e.code] ?? `系统错误 ${e.code}`);
  const where = e.path ?? (e as { address?: string; port?: number }).address;
  const port = (e as { port?: number }).port;
  const place = where === undefined ? '' : ` ${where}${port === undefined ? '' : `:${port}`}`;
  const onto = e.dest ? ` 到 ${e.dest}` : '';
  return `无法${DOING[e.syscall] ?? '访问'}${place}${onto}：${fault}`;
}
