import { jobArgv } from '@/lib/jobs/job-spec'
import { AgentError } from '../core/agent-api'
import { sandboxGpuEnv } from './sandbox-gpus'

/**
 * The bubblewrap command line of a job: what of the host it sees (the system read-only, its own
 * workspace, a few generated /etc files) and nothing else. Pure; the environment travels on fd 3,
 * off the command line.
 */
export const FD_ARGS = 3
export const WORKSPACE = '/workspace'
/** Where the generated /etc files appear; /etc/passwd and the others are links into it. */
export const GENERATED_ETC = '/run/weft'
/**
 * The job's host name: rental ids are 256-bit numbers, far past a host name's 64 characters, so
 * the name carries the id's low 64 bits in hex (a hash's bits, or a small id whole).
 */
export const jobHostname = (rentalId: string): string =>
  `weft-${(BigInt(rentalId) & 0xffff_ffff_ffff_ffffn).toString(16).padStart(16, '0')}`

export const GENERATED_ETC_FILES = ['passwd', 'group', 'hosts', 'hostname', 'resolv.conf'] as const

/** A top-level system path of the host: bound read-only, or re-created as the same symlink (merged /usr). */
export type SystemPath = { path: string; symlink?: string }

/**
 * Host /etc entries programs need (libraries, certificates, time zone, name service switch).
 * Never /etc as a whole: a provider's configuration and keys may live there.
 */
export const ETC_ALLOWLIST = [
  '/etc/alternatives',
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/ssl/certs',
  '/etc/ssl/openssl.cnf',
  '/etc/ca-certificates',
  '/etc/ca-certificates.conf',
  '/etc/localtime',
  '/etc/timezone',
  '/etc/nsswitch.conf',
  '/etc/host.conf',
  '/etc/gai.conf',
  '/etc/protocols',
  '/etc/services',
  '/etc/mime.types',
  '/etc/os-release',
  '/etc/debian_version',
  '/etc/OpenCL',
  '/etc/vulkan',
  '/etc/glvnd',
]

export type BwrapInput = {
  rentalId: string
  /** The job's stage (sandbox-stage.ts): its workspace and generated /etc, where its uid may reach them. */
  stage: { workspace: string; etc: string }
  system: readonly SystemPath[]
  /** Allowlisted /etc entries present on this host. */
  etc: readonly string[]
  gpuNodes: readonly string[]
  gpuIndices: readonly number[]
  tmpMiB: number
  spec: { command?: readonly string[]; env: Readonly<Record<string, string>> }
}

/** The bwrap options and command (on the command line: nothing secret) and the environment (fd 3). */
export function bwrapCommand(input: BwrapInput): { args: string[]; fd3Args: string[] } {
  const args = [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--hostname',
    jobHostname(input.rentalId),
    '--args',
    String(FD_ARGS),
    ...input.system.flatMap((p) =>
      p.symlink ? ['--symlink', p.symlink, p.path] : ['--ro-bind', p.path, p.path],
    ),
    ...input.etc.flatMap((path) => ['--ro-bind', path, path]),
    '--ro-bind',
    input.stage.etc,
    GENERATED_ETC,
    ...GENERATED_ETC_FILES.flatMap((name) => ['--symlink', `${GENERATED_ETC}/${name}`, `/etc/${name}`]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    ...input.gpuNodes.flatMap((node) => ['--dev-bind', node, node]),
    '--size',
    String(input.tmpMiB * 1024 * 1024),
    '--tmpfs',
    '/tmp',
    '--symlink',
    '/tmp',
    '/var/tmp',
    '--bind',
    input.stage.workspace,
    WORKSPACE,
    '--chdir',
    WORKSPACE,
    // The sandbox's own root stays as built: only /workspace and /tmp take writes.
    '--remount-ro',
    '/',
    '--',
    ...jobArgv(input.spec),
  ]
  return { args, fd3Args: ['--clearenv', ...envArgs(sandboxJobEnv(input))] }
}

/** The job's whole environment: built from scratch; the renter's may change PATH or HOME, not the GPUs or the rental. */
export function sandboxJobEnv(
  input: Pick<BwrapInput, 'rentalId' | 'gpuIndices' | 'spec'>,
): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: WORKSPACE,
    USER: 'weft',
    LANG: 'C.UTF-8',
    TMPDIR: '/tmp',
    ...input.spec.env,
    ...sandboxGpuEnv(input.gpuIndices),
    WEFT_RENTAL_ID: input.rentalId,
  }
}

/**
 * `--setenv NAME VALUE` for each variable. The fd carries NUL-separated strings, so a value with
 * a NUL would smuggle in bwrap options of the renter's choosing (a bind of the host's /): refused.
 */
export function envArgs(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).flatMap(([name, value]) => {
    if (name.includes('\0') || value.includes('\0') || name.includes('=') || name === '') {
      throw new AgentError(
        'invalid',
        `environment variable ${JSON.stringify(name)} holds a NUL or an invalid name`,
      )
    }
    return ['--setenv', name, value]
  })
}

/** The generated /etc files: the job's uid has a name, and names resolve through the user-mode network's DNS. */
export function generatedEtc(
  rentalId: string,
  uid: number,
  dns: string,
): Record<(typeof GENERATED_ETC_FILES)[number], string> {
  const hostname = jobHostname(rentalId)
  return {
    passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\nweft:x:${uid}:${uid}:weft job:${WORKSPACE}:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
    group: `root:x:0:\nweft:x:${uid}:\nnogroup:x:65534:\n`,
    hosts: `127.0.0.1 localhost ${hostname}\n::1 localhost ip6-localhost ip6-loopback\n`,
    hostname: `${hostname}\n`,
    'resolv.conf': `nameserver ${dns}\n`,
  }
}
