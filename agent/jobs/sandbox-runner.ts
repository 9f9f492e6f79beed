import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { ExecPlan, ExecRequest } from './job-exec'
import { jobFile } from './job-files'
import { type PreparedJob, prepareJob } from './job-options'
import { launchSupervisor } from './launch-supervisor'
import { type JobRunner, JobStartError, type RunningJob, type StartJobOptions } from './runner'
import { bwrapCommand, ETC_ALLOWLIST, envArgs, generatedEtc, sandboxJobEnv } from './sandbox-bwrap'
import { type CgroupHost, createCgroup, detectCgroups } from './sandbox-cgroups'
import { probeBwrap } from './sandbox-check'
import { cleanupSandbox } from './sandbox-control'
import { sandboxDialerPlan, sandboxExecPlan } from './sandbox-exec'
import { SLIRP_DNS } from './sandbox-firewall'
import { gpuDeviceNodes } from './sandbox-gpus'
import { controlArgv, launchArgv, systemPaths } from './sandbox-launch'
import { createNetns, netnsPath, startSlirp } from './sandbox-network'
import { createStage, stagePaths } from './sandbox-stage'
import { readSandboxState, updateSandboxState } from './sandbox-state'
import { type SandboxToolPaths, sandboxTools } from './sandbox-tools'
import { claimUid, DEFAULT_UID_RANGE, type UidRange } from './sandbox-uids'
import { reattachSupervised } from './supervised-job'
import {
  createWorkspaceImage,
  discardWorkspace,
  isMountPoint,
  mountWorkspace,
  workspaceImage,
} from './workspace-quota'

export type SandboxRunnerOptions = {
  /** Where uid claims live; default /run/weft-sandbox (cleared at boot, when no job survives anyway). */
  stateDir?: string
  /** Uids handed to jobs; default 200000–265535, a range no account on the host may use. */
  uids?: UidRange
  /** The cgroup under which each rental gets its own; default `weft`. */
  cgroupParent?: string
  /** Where cgroups are mounted; default /sys/fs/cgroup. */
  cgroupRoot?: string
}

/**
 * Runs each job in a bubblewrap sandbox, for hosts without Docker: its own uid, pid, mount, ipc,
 * uts and network namespaces; the system read-only and none of the host's other files; a
 * workspace of exactly the disk sold; CPU, memory and processes bounded by a cgroup; only the
 * rented GPUs. The same detached supervisor as the other runners watches it, so logs, stop and
 * reattach work alike; stopping and cleaning up go through the job's cgroup (sandbox-control.ts).
 */
export class SandboxRunner implements JobRunner {
  readonly kind = 'sandbox'
  private readonly stateDir: string
  private readonly uids: UidRange
  private readonly cgroupParent: string
  private readonly cgroupRoot: string | undefined

  constructor(options: SandboxRunnerOptions = {}) {
    this.stateDir = options.stateDir ?? '/run/weft-sandbox'
    this.uids = options.uids ?? DEFAULT_UID_RANGE
    this.cgroupParent = options.cgroupParent ?? 'weft'
    this.cgroupRoot = options.cgroupRoot
  }

  /** Claims the job's uid, creates and mounts its workspace, checks bubblewrap works as that uid; a failure releases them. */
  async prepare(options: StartJobOptions): Promise<void> {
    const job = this.checked(options)
    const tools = this.tools()
    const { uid, claim } = claimUid(join(this.stateDir, 'uids'), this.uids, options.rentalId, job.jobDir)
    const image = workspaceImage(job.jobDir)
    updateSandboxState(job.jobDir, { uid, uidClaim: claim, image, workDir: job.workDir })
    try {
      await createWorkspaceImage(image, job.resources.diskMiB, uid)
      await mountWorkspace(image, job.workDir)
      const problem = probeBwrap(tools, uid)
      if (problem) throw new JobStartError(problem)
    } catch (error) {
      // A job that may never start holds no mount and no uid meanwhile; a retry claims them again.
      await cleanupSandbox(job.jobDir)
      throw error
    }
  }

  async start(options: StartJobOptions): Promise<RunningJob> {
    const job = this.checked(options)
    if (!isMountPoint(job.workDir) || !readSandboxState(job.jobDir)) await this.prepare(options)
    const tools = this.tools()
    const cgroupHost = this.cgroupHost()
    try {
      return await this.launch(job, options, tools, cgroupHost)
    } catch (error) {
      await cleanupSandbox(job.jobDir)
      if (error instanceof JobStartError) throw error
      throw new JobStartError(
        `the sandbox could not be set up: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }

  /** Releases the uid claim, mounts and reserved workspace of a job prepared but never started. */
  async discard(jobDir: string): Promise<void> {
    const dir = resolve(jobDir)
    // discardWorkspace leaves a started job alone, and so does this: its uid and cgroup are its own.
    if (await discardWorkspace(dir)) await cleanupSandbox(dir)
  }

  reattach(jobDir: string): RunningJob | undefined {
    const dir = resolve(jobDir)
    return reattachSupervised(dir, () => void cleanupSandbox(dir))
  }

  async exec(jobDir: string, request: ExecRequest): Promise<ExecPlan | undefined> {
    return sandboxExecPlan(resolve(jobDir), request)
  }

  async dialer(jobDir: string): Promise<ExecPlan | undefined> {
    return sandboxDialerPlan(resolve(jobDir))
  }

  private async launch(
    job: PreparedJob,
    options: StartJobOptions,
    tools: SandboxToolPaths,
    cgroupHost: CgroupHost,
  ) {
    const state = readSandboxState(job.jobDir)
    if (!state) throw new JobStartError(`the job in ${job.jobDir} was not prepared`)
    const cgroups = createCgroup(cgroupHost, this.cgroupParent, `rental-${job.rentalId}`, job.resources)
    updateSandboxState(job.jobDir, { cgroups })
    const netns = `weft-job-${job.rentalId}`
    updateSandboxState(job.jobDir, { netns })
    createNetns(tools, netns)
    updateSandboxState(job.jobDir, {
      slirp: await startSlirp(tools, netns, jobFile(job.jobDir, 'supervisor.log')),
    })

    const stage = stagePaths(this.stateDir, state.uid)
    updateSandboxState(job.jobDir, { stage })
    createStage(stage, job.workDir, generatedEtc(job.rentalId, state.uid, SLIRP_DNS))
    const { args, fd3Args } = bwrapCommand({
      rentalId: job.rentalId,
      stage,
      system: systemPaths(),
      etc: ETC_ALLOWLIST.filter((path) => existsSync(path)),
      gpuNodes: gpuDeviceNodes(job.gpuIndices, existsSync),
      gpuIndices: job.gpuIndices,
      // /tmp is memory: the cgroup charges it to the job, so it can never exceed the job's memory.
      tmpMiB: job.resources.memoryMiB,
      spec: job.spec,
    })
    const argv = launchArgv({
      tools,
      cgroupProcs: cgroups.map((dir) => join(dir, 'cgroup.procs')),
      netnsPath: netnsPath(netns),
      uid: state.uid,
      bwrapArgs: args,
    })
    // The launcher's own environment: a fixed PATH. The renter's travels on fd 3, never through root's tools.
    const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' }
    const config = { ...job.base, argv, env, fd3Args, ...controlArgv(job.jobDir) }
    return launchSupervisor(job.jobDir, config, options.redact, () => void cleanupSandbox(job.jobDir))
  }

  /** Validates the options, refuses a job dir that already ran a job, and checks the environment can travel on fd 3. */
  private checked(options: StartJobOptions): PreparedJob {
    if (existsSync(jobFile(resolve(options.jobDir), 'job.json'))) {
      throw new JobStartError(`a job was already started in ${resolve(options.jobDir)}`)
    }
    const job = prepareJob(options)
    envArgs(sandboxJobEnv(job))
    return job
  }

  private tools(): SandboxToolPaths {
    try {
      return sandboxTools()
    } catch (error) {
      throw new JobStartError(String(error instanceof Error ? error.message : error))
    }
  }

  private cgroupHost(): CgroupHost {
    const host = detectCgroups(this.cgroupRoot)
    if (!host) throw new JobStartError('this host mounts no usable cgroup hierarchy at /sys/fs/cgroup')
    return host
  }
}
