/**
 * A command's arguments checked against its options in usage.ts, with Chinese errors that name the option and suggest
 * the one meant (`--inbx` → `--inbox`). Node's parser runs non-strict and its tokens are checked here, so none of its
 * English messages reaches the clerk.
 */
import { parseArgs } from 'node:util';
import { editDistance } from '../edit-distance';
import { COMMANDS, type CommandHelp, type CommandName, type OptionHelp } from './usage';
import { UsageError } from './io';

type ValuesOf<O extends Readonly<Record<string, OptionHelp>>> = {
  -readonly [K in keyof O]: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { default: string } | { required: true } ? string : string | undefined;
};

export interface ParsedArgs<N extends CommandName> {
  values: ValuesOf<(typeof COMMANDS)[N]['options']>;
  positionals: string[];
}

/** An argument error of a command: the message, and the command whose usage line goes under it. */
export class ArgumentError extends UsageError {
  constructor(
    message: string,
    readonly command: CommandName,
  ) {
    super(message);
  }
}

/** `--help` or `-h` anywhere before a `--`. */
export function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/** The nearest of `known` to a mistyped name, when it is near enough to be the one meant. */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const scored = known.map((name) => ({ name, distance: name.startsWith(typed) && typed.length >= 2 ? 0.5 : editDistance(typed, name) })).sort((a, b) => a.distance - b.distance);
  const [best, second] = scored;
  // two edits at most (a swapped pair of letters is two), one for very short names; never a tie
  const allowed = typed.length >= 3 ? 2 : 1;
  return best && best.distance <= allowed && !(second && second.distance === best.distance) ? best.name : undefined;
}

export function parseCommandArgs<N extends CommandName>(name: N, args: string[]): ParsedArgs<N> {
  const spec: CommandHelp = COMMANDS[name];
  const options: Readonly<Record<string, OptionHelp>> = spec.options;
  const fail = (message: string) => new ArgumentError(message, name);
  const beforeTerminator = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  const dashed = beforeTerminator.find((arg) => /^-\p{L}{2,}/u.test(arg));
  if (dashed) {
    const meant = nearest(dashed.slice(1).split('=')[0]!, Object.keys(options));
    throw fail(`选项「${dashed}」应以两个减号开头${meant ? `，是不是「--${meant}」？` : ''}`);
  }
  const { tokens } = parseArgs({ args, options: parserOptions(options), strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (!option || token.rawName.length === 2) {
      const meant = nearest(token.name, Object.keys(options));
      throw fail(`未知选项「${token.rawName}」${meant ? `，是不是「--${meant}」？` : `：${name} 命令没有这个选项`}`);
    }
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && /^--?\p{L}/u.test(token.value)))) {
      throw fail(`选项 ${token.rawName} 后面需要${option.value}`);
    }
    if (option.type === 'boolean' && token.inlineValue) throw fail(`选项 ${token.rawName} 不带值（写 ${token.rawName} 即可，实为「${token.rawName}=${token.value}」）`);
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (positionals.length > max) {
    throw fail(max === 0 ? `${name} 命令不需要「${positionals[0]}」（选项都以 -- 开头）` : `多余的参数「${positionals[max]}」：${name} 只需要 ${max} 个${spec.positionals!.shown}`);
  }
  if (positionals.length < min) throw fail(`${name} 需要一个${spec.positionals!.shown}`);
  const { values } = parseArgs({ args, options: parserOptions(options), strict: false, allowPositionals: true });
  for (const [option, o] of Object.entries(options)) if (o.required && !values[option]) throw fail(`需要选项 --${option} ${o.value}`);
  return { values: values as ParsedArgs<N>['values'], positionals };
}

function parserOptions(options: Readonly<Record<string, OptionHelp>>) {
  return Object.fromEntries(Object.entries(options).map(([option, o]) => [option, o.default === undefined ? { type: o.type } : { type: o.type, default: o.default }])) as Record<
    string,
    { type: 'string' | 'boolean'; default?: string | boolean }
  >;
}
