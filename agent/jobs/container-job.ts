import type { JobExit, RunningJob } from './runner'

/**
 * A supervised container job whose end also releases what the container runner set up for it
 * (container, workspace mount): `exited` settles only once that is done, so whoever awaits it
 * finds the host clean. Also for jobs that ended while the agent was away and are reattached.
 */
export class ContainerJob implements RunningJob {
  private exitPromise: Promise<JobExit> | undefined

  constructor(
    private readonly supervised: RunningJob,
    private readonly release: () => Promise<void>,
  ) {}

  get jobDir(): string {
    return this.supervised.jobDir
  }

  /** The `docker start --attach` CLI: the container's processes live in the daemon's tree. */
  get pid(): number {
    return this.supervised.pid
  }

  get supervisorPid(): number {
    return this.supervised.supervisorPid
  }

  get exited(): Promise<JobExit> {
    this.exitPromise ??= this.supervised.exited.then(async (exit) => {
      await this.release()
      return exit
    })
    return this.exitPromise
  }

  async stop(): Promise<JobExit> {
    await this.supervised.stop()
    return this.exited
  }
}
