/**
 * Errors that are the operator's to fix (a bad config or mapping, an unusable outbox or ledger, a run already going),
 * told by their code: checking them needs none of the modules that define them (a command loads only what it uses).
 */
const EXIT_CODES: Record<string, number> = {
  'config.invalid': 2,
  'mapping.invalid': 2,
  'outbox.unwritable': 2,
  'ledger.unavailable': 2,
  'run.locked': 3,
};

/** The exit code of an operator's error, or undefined for anything else (a defect). */
export function operatorExitCode(error: unknown): number | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? EXIT_CODES[code] : undefined;
}

export function isOperatorError(error: unknown): error is Error {
  return operatorExitCode(error) !== undefined;
}
