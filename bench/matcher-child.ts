/**
 * Runs one matcher-bench job in a child process (`node --import tsx bench/matcher-worker.ts`), so each
 * size starts from an empty heap and reports its own peak RSS. The job goes in on stdin as JSON, the
 * result comes back as JSON on stdout; the child's progress lines go to our stderr.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MatcherBenchOptions } from './matcher-bench.js';

export type ChildJob =
  | { kind: 'size'; size: number; opts: MatcherBenchOptions }
  | { kind: 'scaling'; subscriptions: number; papers: number; opts: MatcherBenchOptions };

export function runInChild<T>(job: ChildJob, log: (line: string) => void): Promise<T> {
  const { log: _log, ...opts } = job.opts;
  return runWorker<T>('./matcher-worker.ts', { ...job, opts }, log);
}

/** Runs `worker` (a file beside this one) with `input` as JSON on stdin; its JSON stdout is the result. */
export function runWorker<T>(worker: string, input: unknown, log: (line: string) => void): Promise<T> {
  const file = fileURLToPath(new URL(worker, import.meta.url));
  const tsx = import.meta.resolve('tsx');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const lines = err.split('\n');
      err = lines.pop()!;
      for (const l of lines) log(l);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (err) log(err);
      if (code !== 0) return reject(new Error(`${worker} exited with ${code}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
