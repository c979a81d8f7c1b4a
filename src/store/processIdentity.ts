import { readFileSync } from 'node:fs';

/**
 * What tells one process apart from a later one that got the same PID (after it exited, or after a
 * reboot): its start time in clock ticks since boot (/proc/<pid>/stat field 22) and the boot id.
 * Linux only; elsewhere every function returns undefined and callers fall back to "is the PID alive".
 */

/** Start time of `pid` in clock ticks since boot, as text (exact compare); undefined if unknown or gone. */
export function processStartTicks(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 (comm) is in parentheses and may itself hold spaces or ')': split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = rest[22 - 3];
  return ticks && /^\d+$/.test(ticks) ? ticks : undefined;
}

let ownBoot: string | null | undefined;

/** This boot's random id; every process of another boot is gone. */
export function bootId(): string | undefined {
  if (ownBoot === undefined) {
    try {
      ownBoot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      ownBoot = null;
    }
  }
  return ownBoot ?? undefined;
}

/** Wall-clock start of `pid` in ms (boot time + start ticks), for lock files that did not record ticks. */
export function processStartedAtMs(pid: number): number | undefined {
  const ticks = processStartTicks(pid);
  if (ticks === undefined) return undefined;
  let btime: number;
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!m) return undefined;
    btime = Number(m[1]);
  } catch {
    return undefined;
  }
  // /proc reports in USER_HZ, which the kernel fixes at 100 for user space on every architecture.
  return btime * 1000 + Number(ticks) * 10;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
