/**
 * Test-only crash points of the delivery path. `RADAR_TEST_CRASH_AT=<step>:<n>` kills the process with
 * SIGKILL the n-th time (1-based) it reaches `<step>`, so a test can stop it at every step of a delivery and
 * check that after a restart each paper reached the channel exactly once. Unset: no hook at all.
 */
export type CrashStep = 'plan' | 'planned' | 'payload' | 'posted' | 'recorded';
export type CrashHook = (step: CrashStep) => void;

export const CRASH_STEPS: readonly CrashStep[] = ['plan', 'planned', 'payload', 'posted', 'recorded'];

export function createCrashHook(spec: string | undefined, kill: () => void = () => process.kill(process.pid, 'SIGKILL')): CrashHook | undefined {
  if (!spec) return undefined;
  const [step, n] = spec.split(':');
  const target = Number(n ?? '1');
  let seen = 0;
  return (at) => {
    if (at !== step) return;
    seen++;
    if (seen === target) kill();
  };
}
