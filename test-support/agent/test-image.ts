import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { JOB_UID } from '@/agent/jobs/container-args'

/**
 * A container image for tests, built here from Debian's busybox-static because no registry is
 * reachable: `weft-test/busybox:<busybox version>-<hash>` holds /usr/bin/busybox with a link for
 * each applet, /bin/sh, /tmp, and /etc/passwd naming root, the jobs' user (`weft`, JOB_UID) and
 * nobody. Unless asked not to, it also holds the host's OpenSSH sftp-server and the shared
 * libraries `ldd` lists for it, at their host paths, so `sftp` and `scp` work inside the jobs.
 * The tag changes with the binaries and this recipe, so a stale image is never reused.
 */

const BUSYBOX = '/usr/bin/busybox'
/** Where Debian's openssh-sftp-server installs it; job-exec.ts looks there among other places. */
export const HOST_SFTP_SERVER = '/usr/lib/openssh/sftp-server'
/** Bump when the layout below changes. */
const RECIPE = 'r2'
const LOCK = join(tmpdir(), 'weft-test-image.lock')

const passwd = `root:x:0:0:root:/root:/bin/sh
weft:x:${JOB_UID}:${JOB_UID}:weft job:/workspace:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
`
const group = `root:x:0:
weft:x:${JOB_UID}:
nogroup:x:65534:
`

export type TestImageOptions = {
  /** Put the host's sftp-server in the image (default); false builds an image without one. */
  sftp?: boolean
}

/** Why the test image cannot hold an sftp-server here, or undefined when it can. */
export function sftpServerUnavailableReason(): string | undefined {
  if (!existsSync(HOST_SFTP_SERVER)) return `this host has no ${HOST_SFTP_SERVER} to put in the test image`
  return undefined
}

/** The files copied into the image for sftp: the server and every library `ldd` names, host paths. */
function sftpFiles(): string[] {
  const listed = execFileSync('ldd', [HOST_SFTP_SERVER], { encoding: 'utf8' })
  // `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)` and `/lib64/ld-linux-x86-64.so.2 (0x…)`
  const libraries = [...listed.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/g)].map((m) => m[1] ?? '')
  return [HOST_SFTP_SERVER, ...libraries.filter((path) => path !== '')]
}

const withSftp = (options: TestImageOptions) => options.sftp !== false && !sftpServerUnavailableReason()

/** The tag of the test image for the installed busybox (and sftp-server, when it holds one). */
export function testImageTag(options: TestImageOptions = {}): string {
  const binary = readFileSync(BUSYBOX)
  const version = /BusyBox v([\d.]+)/.exec(binary.toString('latin1'))?.[1] ?? 'unknown'
  const hash = createHash('sha256').update(binary).update(RECIPE).update(passwd)
  if (withSftp(options)) for (const file of sftpFiles()) hash.update(file).update(readFileSync(file))
  const variant = withSftp(options) ? '' : '-nosftp'
  return `weft-test/busybox:${version}${variant}-${hash.digest('hex').slice(0, 12)}`
}

/** The root filesystem, in a fresh temporary directory (removed by the caller). */
function buildRootfs(options: TestImageOptions): string {
  const root = mkdtempSync(join(tmpdir(), 'weft-test-rootfs-'))
  for (const dir of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'root', 'workspace', 'tmp']) {
    mkdirSync(join(root, dir), { recursive: true, mode: 0o755 })
  }
  chmodSync(join(root, 'tmp'), 0o1777)
  chmodSync(join(root, 'root'), 0o700)
  copyFileSync(BUSYBOX, join(root, 'usr/bin/busybox'))
  chmodSync(join(root, 'usr/bin/busybox'), 0o755)
  const applets = execFileSync(BUSYBOX, ['--list-full'], { encoding: 'utf8' })
  for (const applet of applets.split('\n').filter((line) => line && line !== 'usr/bin/busybox')) {
    mkdirSync(dirname(join(root, applet)), { recursive: true })
    symlinkSync('/usr/bin/busybox', join(root, applet))
  }
  writeFileSync(join(root, 'etc/passwd'), passwd, { mode: 0o644 })
  writeFileSync(join(root, 'etc/group'), group, { mode: 0o644 })
  if (withSftp(options)) {
    // Real directories at the host's paths (the host's /lib may be a link into /usr): the
    // dynamic loader finds the libraries where ldd found them.
    for (const file of sftpFiles()) {
      mkdirSync(dirname(join(root, file)), { recursive: true, mode: 0o755 })
      copyFileSync(file, join(root, file))
      chmodSync(join(root, file), 0o755)
    }
  }
  return root
}

const imagePresent = (tag: string): boolean =>
  spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { stdio: 'ignore', timeout: 30_000 })
    .status === 0

/**
 * Makes sure the test image exists and returns its tag. Synchronous, so test tables can call it
 * where they are built. Safe to call from several test files at once: the check and the import
 * run under one flock, so the image is imported exactly once.
 */
export function ensureTestImage(options: TestImageOptions = {}): string {
  const tag = testImageTag(options)
  if (imagePresent(tag)) return tag
  const root = buildRootfs(options)
  try {
    const script = `docker image inspect "$1" >/dev/null 2>&1 && exit 0
tar -C "$2" --numeric-owner --owner=0 --group=0 -c . | docker import \\
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \\
  --change 'CMD ["/bin/sh"]' - "$1" >/dev/null`
    execFileSync('flock', ['--timeout', '120', LOCK, 'sh', '-ec', script, 'sh', tag, root], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 180_000,
    })
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
  return tag
}

/**
 * Why the container runner's tests cannot run here, or undefined when they can: they need the
 * Docker daemon, and root for the workspace's loop mount and the jobs' firewall.
 */
export function containerTestsUnavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'the container runner needs root (loop mounts, iptables)'
  const docker = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    encoding: 'utf8',
    timeout: 5000,
  })
  if (docker.status !== 0) return 'the Docker daemon does not answer'
  return undefined
}
