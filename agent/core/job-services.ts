import type { GpuDevice } from '../inventory/gpu-device'
import { ContainerRunner } from '../jobs/container-runner'
import { dockerAvailable } from '../jobs/docker-cli'
import { startGpuSampler } from '../jobs/gpu-sampler'
import { JobLog } from '../jobs/log-reader'
import { readMetrics } from '../jobs/metrics-reader'
import { ProcessRunner } from '../jobs/process-runner'
import type { JobRunner, RunnerKind } from '../jobs/runner'
import { sandboxUnavailableReason } from '../jobs/sandbox-check'
import { SandboxRunner } from '../jobs/sandbox-runner'
import type { AgentConfig } from './config'
import type { JobServices } from './job-output'
import type { RunnerProbes } from './runner-choice'

const runners: Record<RunnerKind, () => JobRunner> = {
  container: () => new ContainerRunner(),
  sandbox: () => new SandboxRunner(),
  process: () => new ProcessRunner(),
}

/** The probes runner selection asks: why Docker or the sandbox cannot work here, if they cannot. */
export const hostRunnerProbes: RunnerProbes = {
  docker: async () => ((await dockerAvailable()) ? undefined : 'the docker daemon does not answer'),
  bubblewrap: async () => sandboxUnavailableReason(),
}

/** Wires the runner chosen for this host (runner-choice.ts), the job logs and the GPU sampler for the core. */
export function createJobServices(
  config: AgentConfig,
  gpus: readonly GpuDevice[],
  kind: RunnerKind,
): JobServices {
  const runner = runners[kind]()
  // One JobLog per job: it caches line offsets, so paging a long log stays cheap.
  const logs = new Map<string, JobLog>()
  const logOf = (jobDir: string) => {
    let log = logs.get(jobDir)
    if (!log) {
      log = new JobLog(jobDir)
      logs.set(jobDir, log)
    }
    return log
  }
  return {
    runner,
    readLogs: (jobDir, after, limit) => logOf(jobDir).page(after, limit),
    followLogs: (jobDir, after, onLine, onEnd) => logOf(jobDir).follow(after, onLine, onEnd),
    startSampler(jobDir, gpuIndices, pid) {
      const sampler = startGpuSampler({
        jobDir,
        gpus: gpus.filter((g) => gpuIndices.includes(g.index)),
        source: config.simulate ? 'simulated' : 'nvidia-smi',
        jobPid: pid,
      })
      return () => void sampler.stop()
    },
    readMetrics: (jobDir, sinceMs) => readMetrics(jobDir, { sinceMs }),
  }
}
