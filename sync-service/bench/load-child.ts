/**
 * autocannon in a process of its own (service.ts starts one per load: the endpoints loaded
 * together share it, as they shared the bench's process before). In the bench's process
 * its clock shared the heap of everything measured before — full consolidations, the readers — and
 * that heap's garbage collection was counted as the service's latency. Talks over IPC: «ready»
 * once loaded, then «go» starts the load, «stop» ends it early; the result comes back as «done».
 *
 * argv: <a JSON array of autocannon options, one per endpoint>
 */
import { createRequire } from 'node:module';

interface Result {
  readonly latency: Record<string, number>;
  readonly requests: Record<string, number>;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly duration: number;
}

type Cannon = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: Result) => void,
) => { stop(): void };

// autocannon ships no types; this is the slice of its documented programmatic API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const loads = JSON.parse(process.argv[2] ?? '[]') as Record<string, unknown>[];
const send = (m: unknown) => process.send?.(m);
let instances: { stop(): void }[] | null = null;

const run = (options: Record<string, unknown>, stopper: (i: { stop(): void }) => void) =>
  new Promise<Result>((resolve, reject) => {
    stopper(autocannon(options, (err, r) => (err ? reject(err) : resolve(r))));
  });

process.on('message', (m: string) => {
  if (m === 'go' && !instances) {
    const started: { stop(): void }[] = [];
    instances = started;
    Promise.all(loads.map((o) => run(o, (i) => started.push(i))))
      .then((results) =>
        send({
          type: 'done',
          results: results.map((r) => ({
            latency: r.latency,
            requests: r.requests,
            errors: r.errors,
            timeouts: r.timeouts,
            non2xx: r.non2xx,
            duration: r.duration,
          })),
        }),
      )
      .catch((e: unknown) => send({ type: 'failed', message: e instanceof Error ? e.message : String(e) }))
      .finally(() => process.disconnect?.());
  } else if (m === 'stop') for (const i of instances ?? []) i.stop();
});
send({ type: 'ready' });
