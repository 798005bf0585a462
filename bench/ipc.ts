/**
 * A tiny request/answer protocol over the IPC channel of a forked child process. The bot's figures (store
 * statements, memory, event-loop delay, CPU profile) travel this way, so nothing of the benchmark becomes
 * an HTTP route of the bot.
 */
import { fork, type ChildProcess } from 'node:child_process';

interface Ask {
  id: number;
  cmd: string;
  arg?: unknown;
}
interface Answer {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export type Handlers = Record<string, (arg: any) => unknown | Promise<unknown>>;

/** In the child: answers the parent's requests with `handlers`; exits when the parent goes away. */
export function serve(handlers: Handlers): void {
  if (!process.send) throw new Error('bench child started without an IPC channel (use the bench runner)');
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw: unknown) => {
    const ask = raw as Ask;
    const reply = (answer: Omit<Answer, 'id'>) => process.send?.({ id: ask.id, ...answer });
    const handler = handlers[ask.cmd];
    if (!handler) {
      reply({ ok: false, error: `unknown command ${ask.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(ask.arg))
      .then(
        (result) => reply({ ok: true, result }),
        (e: unknown) => reply({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
  });
}

/** In the parent: a forked child and `call(cmd, arg)`. */
export class Child {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private exited = false;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.on('message', (raw: unknown) => {
      const answer = raw as Answer;
      const w = this.waiting.get(answer.id);
      if (!w) return;
      this.waiting.delete(answer.id);
      if (answer.ok) w.resolve(answer.result);
      else w.reject(new Error(`${name}: ${answer.error}`));
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
      this.waiting.clear();
    });
  }

  static start(name: string, modulePath: string, execArgv: string[] = [], env: NodeJS.ProcessEnv = process.env): Child {
    const proc = fork(modulePath, [], { execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Child(name, proc);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  call<T = unknown>(cmd: string, arg?: unknown, timeoutMs = 120_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: '${cmd}' got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.proc.send({ id, cmd, arg } satisfies Ask);
    });
  }

  /** Asks the child to stop; kills it (by its own pid) if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.call('stop', undefined, graceMs).catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
