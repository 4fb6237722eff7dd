/**
 * Whether no process has id `pid` (signal 0 answers ESRCH): a temporary file or directory named after such a
 * process was left by a run that was killed, and may be removed. Any other answer (the process runs, perhaps
 * under another user: EPERM) keeps it.
 *
 * @example processGone(process.pid) // false
 */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
