import { statSync } from 'node:fs';
import { CliInputError } from './command.js';

/**
 * File problems as one-line messages naming the file (exit code 2), never a stack trace: a missing file, a
 * directory, no permission, a truncated or corrupt gzip stream.
 */

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the file name is too long',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  Z_DATA_ERROR: 'not valid gzip data (corrupt, or not gzip)',
  Z_BUF_ERROR: 'the gzip data is truncated (unexpected end of file)',
  Z_NEED_DICT: 'not valid gzip data (corrupt, or not gzip)',
};

/** The reason of a file or gzip error in words, from its code (the error's own message otherwise). */
export function fileErrorReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  return (code && REASONS[code]) ?? (e as Error).message ?? String(e);
}

/** Whether `e` is an error of the file system or of gzip (which `fileErrorReason` words). */
export function isFileError(e: unknown): boolean {
  const code = (e as { code?: string } | undefined)?.code;
  return typeof code === 'string' && (code in REASONS || 'syscall' in (e as object));
}

/** `e` as a `CliInputError` naming `file`, when it is a file or gzip error; otherwise `e` itself. */
export function asInputError(e: unknown, file: string): unknown {
  if (!isFileError(e)) return e;
  return new CliInputError(`cannot read '${file === '-' ? 'stdin' : file}': ${fileErrorReason(e)}`);
}

/** Checks that an input file exists and is a file, before any work (standard input, `-`, passes). */
export function checkInputFile(file: string): void {
  if (file === '-') return;
  let isFile: boolean;
  try {
    isFile = !statSync(file).isDirectory();
  } catch (e) {
    throw asInputError(e, file);
  }
  if (!isFile) throw new CliInputError(`cannot read '${file}': is a directory, not a file`);
}
