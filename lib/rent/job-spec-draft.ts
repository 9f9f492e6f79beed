import { isInteractive, type JobSpec, jobSpecSchema } from '@/lib/jobs/job-spec'

/** What happens when the job's program exits before the paid time is up (see JobSpec.onExit). */
export type OnExit = JobSpec['onExit']

/**
 * The job spec as the renter types it: a shell script, `NAME=value` lines, an image, a key, and
 * whether the rental ends when the program does.
 */
export type JobSpecDraft = {
  /**
   * An interactive machine: no command, the sandbox idles until the rental ends, for SSH and the
   * web terminal. The script is kept (unused) so switching back loses nothing.
   */
  interactive: boolean
  /** Run as `sh -c <script>`, so a renter writes commands the way a terminal takes them. */
  script: string
  /** Container image, for providers that run jobs in containers; empty for none. */
  image: string
  /** One `NAME=value` per line; blank lines and lines starting with # are skipped. */
  env: string
  sshPublicKey: string
  /** Ports whose server is told the proxy's path (JobSpec.proxyPathPorts), comma-separated; empty for none. */
  proxyPathPorts: string
  /** `finish` ends the rental and refunds the unused time; `keep` keeps the machine to the end. */
  onExit: OnExit
}

export type DraftField = keyof JobSpecDraft
export type DraftErrors = Partial<Record<DraftField, string>>
export type DraftResult = { ok: true; spec: JobSpec } | { ok: false; errors: DraftErrors }

export const emptyDraft: JobSpecDraft = {
  interactive: false,
  script: '',
  image: '',
  env: '',
  sshPublicKey: '',
  proxyPathPorts: '',
  onExit: 'finish',
}

/** Reads `NAME=value` lines; the value is everything after the first `=`, kept verbatim. */
export function parseEnvLines(text: string): { env: Record<string, string> } | { error: string } {
  const env: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    if (eq <= 0) return { error: `Line ${index + 1} needs the form NAME=value.` }
    const name = line.slice(0, eq).trim()
    if (Object.hasOwn(env, name)) return { error: `${name} is set twice (line ${index + 1}).` }
    env[name] = line.slice(eq + 1)
  }
  return { env }
}

/** Writes an environment back as the lines `parseEnvLines` reads. */
export function formatEnvLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')
}

const FIELD_OF: Record<string, DraftField> = {
  command: 'script',
  env: 'env',
  image: 'image',
  sshPublicKey: 'sshPublicKey',
  proxyPathPorts: 'proxyPathPorts',
}

/** Reads `8888, 8889`: whole port numbers separated by commas or spaces. */
export function parsePortList(text: string): { ports: number[] } | { error: string } {
  const ports: number[] = []
  for (const item of text.split(/[\s,]+/).filter((p) => p !== '')) {
    const port = /^\d{1,5}$/.test(item) ? Number(item) : 0
    if (port < 1 || port > 65_535) return { error: `${JSON.stringify(item)} is not a port: use 1 to 65535.` }
    if (!ports.includes(port)) ports.push(port)
  }
  return { ports }
}

/**
 * The job spec a draft stands for, validated by the same schema the agent uses. (Whether it is small
 * enough to travel sealed is known when it is sealed, as the rent starts: see seal-for-offer.ts.)
 */
export function draftToSpec(draft: JobSpecDraft): DraftResult {
  const errors: DraftErrors = {}
  const script = draft.script.trim()
  if (script === '' && !draft.interactive) errors.script = 'Enter the command to run, or pick a template.'
  const env = parseEnvLines(draft.env)
  if ('error' in env) errors.env = env.error
  const pathPorts = parsePortList(draft.proxyPathPorts)
  if ('error' in pathPorts) errors.proxyPathPorts = pathPorts.error
  if (errors.script || errors.env || errors.proxyPathPorts) return { ok: false, errors }
  const candidate = {
    // An interactive machine has no program to exit: it is kept to the end.
    ...(draft.interactive ? { onExit: 'keep' } : { command: ['sh', '-c', script], onExit: draft.onExit }),
    env: 'env' in env ? env.env : {},
    ...(draft.image.trim() ? { image: draft.image.trim() } : {}),
    ...(draft.sshPublicKey.trim() ? { sshPublicKey: draft.sshPublicKey.trim() } : {}),
    ...('ports' in pathPorts && pathPorts.ports.length > 0 ? { proxyPathPorts: pathPorts.ports } : {}),
  }
  const parsed = jobSpecSchema.safeParse(candidate)
  if (parsed.success) return { ok: true, spec: parsed.data }
  for (const issue of parsed.error.issues) {
    const field = FIELD_OF[String(issue.path[0])] ?? 'script'
    errors[field] ??= sentence(issue.message)
  }
  return { ok: false, errors }
}

/** A spec back into the form's fields (to show a spec already paid for). */
export function specToDraft(spec: JobSpec): JobSpecDraft {
  const command = spec.command ?? []
  const [program, flag, script] = command
  const shell = program === 'sh' && flag === '-c' && command.length === 3
  return {
    interactive: isInteractive(spec),
    script: shell && script !== undefined ? script : command.join(' '),
    image: spec.image ?? '',
    env: formatEnvLines(spec.env),
    sshPublicKey: spec.sshPublicKey ?? '',
    proxyPathPorts: (spec.proxyPathPorts ?? []).join(', '),
    onExit: spec.onExit,
  }
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1)
  return /[.!?]$/.test(text) ? text : `${text}.`
}
