import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JobResources } from './runner'

/**
 * A cgroup per rental, holding every process of its sandbox, with the CPU, memory and process
 * limits the offer sold. cgroup v2 (one unified hierarchy) where the host uses it, else v1 (one
 * directory per controller). The agent writes the files itself: it runs as root, or is given a
 * delegated subtree as `parent`.
 */
export type CgroupVersion = 1 | 2
const V1_CONTROLLERS = ['cpu', 'memory', 'pids'] as const
const CFS_PERIOD_US = 100_000

export type CgroupHost = { version: CgroupVersion; root: string }

/** Which cgroup version the host mounts at `root` (default /sys/fs/cgroup); undefined when neither works. */
export function detectCgroups(root = '/sys/fs/cgroup'): CgroupHost | undefined {
  if (existsSync(join(root, 'cgroup.controllers'))) return { version: 2, root }
  if (V1_CONTROLLERS.every((c) => existsSync(join(root, c, 'cgroup.procs')))) return { version: 1, root }
  return undefined
}

/** The directories of one job's cgroup: one per v1 controller, or one for v2. */
export function cgroupDirs(host: CgroupHost, parent: string, name: string): string[] {
  if (host.version === 2) return [join(host.root, parent, name)]
  return V1_CONTROLLERS.map((c) => join(host.root, c, parent, name))
}

export type CgroupLimit = {
  controller: (typeof V1_CONTROLLERS)[number]
  file: string
  value: string
  /** Written only where the kernel has the file (swap accounting may be off). */
  optional?: boolean
}

/** The limit files and values for a job's share (pure: the tests read them back from the kernel). */
export function cgroupLimits(version: CgroupVersion, resources: JobResources): CgroupLimit[] {
  const quota = String(Math.max(1000, Math.round(resources.cpus * CFS_PERIOD_US)))
  const bytes = String(resources.memoryMiB * 1024 * 1024)
  if (version === 2) {
    return [
      { controller: 'cpu', file: 'cpu.max', value: `${quota} ${CFS_PERIOD_US}` },
      { controller: 'memory', file: 'memory.max', value: bytes },
      { controller: 'memory', file: 'memory.swap.max', value: '0', optional: true },
      { controller: 'pids', file: 'pids.max', value: String(resources.pids) },
    ]
  }
  return [
    { controller: 'cpu', file: 'cpu.cfs_period_us', value: String(CFS_PERIOD_US) },
    { controller: 'cpu', file: 'cpu.cfs_quota_us', value: quota },
    { controller: 'memory', file: 'memory.limit_in_bytes', value: bytes },
    // Without it the job could page out past its share.
    { controller: 'memory', file: 'memory.memsw.limit_in_bytes', value: bytes, optional: true },
    { controller: 'pids', file: 'pids.max', value: String(resources.pids) },
  ]
}

/** Creates the job's cgroup (a leftover of a failed start is reused) and writes its limits. */
export function createCgroup(
  host: CgroupHost,
  parent: string,
  name: string,
  resources: JobResources,
): string[] {
  const dirs = cgroupDirs(host, parent, name)
  if (host.version === 2) enableV2Controllers(host.root, parent)
  for (const dir of dirs) mkdirSync(dir, { recursive: true })
  for (const limit of cgroupLimits(host.version, resources)) {
    const dir =
      host.version === 2 ? join(host.root, parent, name) : join(host.root, limit.controller, parent, name)
    const path = join(dir, limit.file)
    if (!limit.optional || existsSync(path)) writeFileSync(path, limit.value)
  }
  if (resources.cpuset) dirs.push(...pinCpus(host, parent, name, resources.cpuset))
  return dirs
}

/**
 * Pins the job to its cores with the cpuset controller, so its affinity (what `nproc` reads) is
 * the cores sold and it cannot widen it. v1 needs cpus and mems set at every level before a
 * process may join, so levels above inherit the root's; returns the extra v1 directory.
 */
function pinCpus(host: CgroupHost, parent: string, name: string, cpus: readonly number[]): string[] {
  const list = cpus.join(',')
  if (host.version === 2) {
    let dir = host.root
    for (const part of ['', ...parent.split('/').filter(Boolean)]) {
      dir = join(dir, part)
      writeFileSync(join(dir, 'cgroup.subtree_control'), '+cpuset')
    }
    writeFileSync(join(host.root, parent, name, 'cpuset.cpus'), list)
    return []
  }
  const root = join(host.root, 'cpuset')
  if (!existsSync(join(root, 'cgroup.procs'))) throw new Error('the cpuset cgroup controller is not mounted')
  let dir = root
  for (const part of [...parent.split('/').filter(Boolean), name]) {
    const above = dir
    dir = join(dir, part)
    mkdirSync(dir, { recursive: true })
    for (const file of ['cpuset.cpus', 'cpuset.mems']) {
      if (readFileSync(join(dir, file), 'utf8').trim() === '')
        writeFileSync(join(dir, file), readFileSync(join(above, file), 'utf8').trim())
    }
  }
  writeFileSync(join(dir, 'cpuset.cpus'), list)
  return [dir]
}

/** v2 hands a controller to children only when every level above enables it in subtree_control. */
function enableV2Controllers(root: string, parent: string): void {
  let dir = root
  for (const part of ['', ...parent.split('/').filter(Boolean)]) {
    dir = join(dir, part)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'cgroup.subtree_control'), '+cpu +memory +pids')
  }
}

/** The pids in a job's cgroup (all directories together; v1 lists the same processes in each). */
export function cgroupPids(dirs: readonly string[]): number[] {
  const pids = new Set<number>()
  for (const dir of dirs) {
    try {
      for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n'))
        if (line) pids.add(Number(line))
    } catch {
      // removed already
    }
  }
  return [...pids]
}

/** Removes the cgroup once it is empty; false while processes remain. */
export function removeCgroup(dirs: readonly string[]): boolean {
  let removed = true
  for (const dir of dirs) {
    try {
      rmdirSync(dir)
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) removed = false
    }
  }
  return removed
}
