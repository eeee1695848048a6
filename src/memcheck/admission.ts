// Admission: which checks may enter the sandbox at all. It sits on the bot's side of the sandbox
// seam, so sandbox workers on other machines need not agree on who is busy; an implementation
// shared between bot processes (a database or a queue) can replace the local one behind Admission.
import type { Sandbox } from '../../sandbox/index.js';

export type AdmissionEntry =
  | { admitted: true; /** Frees the user's slot; call once the check has ended, however it ended. */ leave(): Promise<void> }
  | { admitted: false; reason: string };

export interface Admission {
  enter(userId: string): Promise<AdmissionEntry>;
}

export interface AdmissionLimits {
  /** Checks that run at once (the sandbox's pool size). */
  slots: number;
  /** Checks that may wait for a free slot; more are turned away. */
  queueLimit: number;
}

export const ALREADY_RUNNING = 'You already have a check running. Wait for its report, then try again.';

export function busyReason(waiting: number): string {
  return `The sandbox is busy (${waiting} checks waiting). Try again in a moment.`;
}

/** One check per user and a bounded queue, counted in this process. */
export function localAdmission({ slots, queueLimit }: AdmissionLimits): Admission {
  const activeUsers = new Set<string>();
  return {
    async enter(userId) {
      if (activeUsers.has(userId)) return { admitted: false, reason: ALREADY_RUNNING };
      // Every admitted check holds its user's slot until it ends: beyond the pool, they are the queue.
      const waiting = activeUsers.size - slots;
      if (waiting >= queueLimit) return { admitted: false, reason: busyReason(waiting) };
      activeUsers.add(userId);
      return { admitted: true, leave: async () => void activeUsers.delete(userId) };
    },
  };
}

/** The sandbox with admission in front of check(): a refused check gets a `rejected` report and never reaches a child. */
export function admitted(sandbox: Sandbox, admission: Admission): Sandbox {
  return {
    async check(code, options) {
      const entry = await admission.enter(options.userId);
      if (!entry.admitted) return sandbox.rejectedReport('Busy', entry.reason);
      try {
        return await sandbox.check(code, options);
      } finally {
        await entry.leave();
      }
    },
    start: () => sandbox.start(),
    close: () => sandbox.close(),
    status: () => sandbox.status(),
    rejectedReport: (type, message) => sandbox.rejectedReport(type, message),
    get isolation() {
      return sandbox.isolation;
    },
  };
}
