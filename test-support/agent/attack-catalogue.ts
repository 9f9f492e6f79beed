import { readdirSync, readFileSync } from 'node:fs'
import { WORLD_ADDRESSES, type WorldName } from './hostile-host'

/**
 * What hostile jobs try, as POSIX sh scripts for the hostile-job suite (busybox tools only, so
 * the same script runs on the host's /bin and in a busybox image). Each prints what it obtained
 * on lines the suite reads from the job's log: `GOT <what>: <content>`, `TRY <what>: <outcome>`.
 */

/** Reads every file it is given, and every process's environment it can see. */
export const readSecretsScript = (paths: readonly string[], pids: readonly number[]) => `
for f in ${paths.map(quote).join(' ')}; do
  echo "GOT $f: $(cat "$f" 2>&1 | tr '\\0' ' ')"
done
for p in ${pids.join(' ')} /proc/[0-9]*; do
  p=\${p#/proc/}
  echo "GOT environ $p: $(tr '\\0' ' ' < /proc/$p/environ 2>&1)"
done
echo "GOT search: $(grep -rs -e WEFT_PROVIDER_KEY -e providerkey -e renter-secret / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr 2>/dev/null | head -c 4000)"
echo DONE`

/** Writes outside its workspace: the system, the root, the host paths it was told about. */
export const writeOutsideScript = (marker: string, paths: readonly string[]) => `
for d in / /usr /usr/bin /etc /bin /dev ${paths.map(quote).join(' ')}; do
  if echo ${marker} > "$d/${marker}" 2>/dev/null; then echo "TRY write $d: wrote"; else echo "TRY write $d: refused"; fi
done
echo ${marker} > /workspace/${marker} && echo "TRY write /workspace: wrote"
echo DONE`

/** Signals everything it can: the agent's and another job's host pids, and -1 (every process it may). */
export const signalScript = (pids: readonly number[]) => `
for p in ${pids.join(' ')}; do kill -9 $p 2>/dev/null && echo "TRY kill $p: sent" || echo "TRY kill $p: refused"; done
kill -9 -1 2>/dev/null
echo DONE`

/**
 * Ignores SIGTERM and leaves its process group and session three ways; every process carries
 * the marker in its command line so the suite can look for survivors on the host.
 */
export const surviveStopScript = (marker: string) => `
trap '' TERM
busybox setsid sh -c 'trap "" TERM; while :; do sleep 1; done' ${marker}-setsid &
(sh -c 'trap "" TERM; while :; do sleep 1; done' ${marker}-double &) &
nohup sh -c 'trap "" TERM HUP; while :; do sleep 1; done' ${marker}-nohup >/dev/null 2>&1 &
echo READY
while :; do sleep 1; done`

/**
 * A fork bomb: a shell starts processes until the kernel refuses one (and dies of it), while
 * the job's main shell prints how it ended and holds on without starting anything (a FIFO read).
 * Each child holds on the same way, with a builtin and no fork of its own: a child that had to
 * fork (say, a sleep) would die of the refused fork too, and leave nothing to count.
 */
export const forkBombScript = (marker: string, attempts: number) => `
mkfifo /tmp/hold
sh -c 'i=0; while [ $i -lt ${attempts} ]; do sh -c "read x < /tmp/hold" ${marker} & i=$((i+1)); done; echo "BOMB-ALL $i"'
echo "BOMB-ENDED $?"
read x < /tmp/hold`

/** Allocates (and touches) a buffer of `mib` MiB, then one past its share. */
export const memoryScript = (smallMiB: number, bigMiB: number) => `
dd if=/dev/zero of=/dev/null bs=${smallMiB}M count=1 2>/dev/null; echo "SMALL $?"
dd if=/dev/zero of=/dev/null bs=${bigMiB}M count=1 2>/dev/null; echo "BIG $?"`

/** Fills the workspace past its share, and reports the file system's size. */
export const fillDiskScript = (mib: number) => `
df -k /workspace | tail -n 1 | awk '{print "DF " $2}'
dd if=/dev/zero of=/workspace/fill bs=1M count=${mib} 2>&1 | grep -i 'space' | head -n 1 | sed 's/^/DD /'
echo "FILE $(wc -c < /workspace/fill)"`

/** Keeps two processes busy for `seconds`, then reports the CPU time they used (children's times). */
export const burnCpuScript = (seconds: number) => `
for i in 1 2; do (end=$(($(date +%s)+${seconds})); while [ $(date +%s) -lt $end ]; do :; done) & done
wait
times > /tmp/times
echo "TIMES $(tail -n 1 /tmp/times)"`

/** Connects to each target and prints what it read: a banner means it was reached. */
export const connectScript = (targets: ReadonlyArray<{ name: string; host: string; port: number }>) =>
  `${targets
    .map(
      ({ name, host, port }) =>
        `echo "TRY ${name}: $(busybox nc -w 3 ${host} ${port} </dev/null 2>&1 | head -c 200)"`,
    )
    .join('\n')}
echo DONE`

export const worldTargets = (port: number, names: readonly WorldName[]) =>
  names.map((name) => ({ name, host: WORLD_ADDRESSES[name], port }))

/** Host pids of the processes whose command line holds `marker` (zombies excluded). */
export function processesWith(marker: string): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (!readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) continue
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${name}/status`, 'utf8'))) continue
      found.push(Number(name))
    } catch {
      // exited meanwhile
    }
  }
  return found
}

/** The value of the first log line `PREFIX value`. */
export const field = (lines: readonly string[], prefix: string): string | undefined =>
  lines.find((l) => l.startsWith(`${prefix} `))?.slice(prefix.length + 1)

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`
