/** A private `ssh-agent` for one test: started in the foreground so we own its PID. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './sshd';

export class SshAgent {
  private constructor(
    readonly socketPath: string,
    private readonly child: ChildProcess,
  ) {}

  /** Starts `ssh-agent -D -a <dir>/agent.sock` and waits for its socket. */
  static async start(dir: string): Promise<SshAgent> {
    const socketPath = join(dir, 'agent.sock');
    const child = spawn('ssh-agent', ['-D', '-a', socketPath], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(socketPath); i++) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!existsSync(socketPath)) {
      child.kill();
      throw new Error('ssh-agent did not create its socket');
    }
    return new SshAgent(socketPath, child);
  }

  /** `ssh-add` a private key into this agent. */
  add(keyPath: string): void {
    run('ssh-add', ['-q', keyPath], { ...process.env, SSH_AUTH_SOCK: this.socketPath });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}
