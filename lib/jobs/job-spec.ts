import { z } from 'zod'

const envName = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/
const sshKey =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]+( [^\r\n]{0,256})?$/
// A container image reference: [registry/]name[:tag][@sha256:digest], no whitespace or shell syntax.
const image =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/

/**
 * What a renter asks the provider to run. It travels sealed to the provider in the `rent`
 * transaction (see sealed-spec.ts), so the agent runs exactly what the renter paid for.
 */
export const jobSpecSchema = z
  .object({
    /** Container image, for providers running the container runner. */
    image: z.string().max(512).regex(image, 'image must be a container image reference').optional(),
    /**
     * argv of the job: the program and its arguments (no shell unless the renter names one).
     * Without one the rental is an interactive machine: the sandbox starts with an idle program and
     * stays up for the paid time, for SSH and the web terminal.
     */
    command: z.array(z.string().max(8192)).min(1, 'command must name a program').max(256).optional(),
    env: z
      .record(z.string(), z.string().max(16_384))
      .superRefine((env, ctx) => {
        const names = Object.keys(env)
        if (names.length > 64) ctx.addIssue({ code: 'custom', message: 'at most 64 environment variables' })
        for (const name of names.filter((n) => !envName.test(n))) {
          ctx.addIssue({
            code: 'custom',
            message: `environment variable names are letters, digits and _: ${JSON.stringify(name)}`,
          })
        }
      })
      .default({}),
    /**
     * What happens when the job's program exits before the paid time is up: `finish` (the default)
     * ends the rental at once and refunds the unused time; `keep` keeps the machine until the end,
     * for interactive work. An interactive spec (no command) always keeps the machine.
     */
    onExit: z.enum(['finish', 'keep']).default('finish'),
    /**
     * Ports whose server is told the port proxy's path, `/v1/rentals/<id>/ports/<port>/` (Jupyter's
     * `--ServerApp.base_url`, with the id from WEFT_RENTAL_ID), and so gets each proxied request with
     * that path whole. A server on any other port gets the path after it, as if served at `/`.
     */
    proxyPathPorts: z
      .array(z.number().int().min(1, 'ports are 1 to 65535').max(65_535, 'ports are 1 to 65535'))
      .max(16, 'at most 16 proxyPathPorts')
      .optional(),
    /** For interactive rentals: the renter's SSH public key. */
    sshPublicKey: z
      .string()
      .max(16_384)
      .regex(sshKey, 'sshPublicKey must be an OpenSSH public key')
      .optional(),
  })
  .strict()

export type JobSpec = z.infer<typeof jobSpecSchema>

/**
 * What an interactive job runs: an idle shell that exists in every image and sandbox with `sh` and
 * `sleep` (coreutils and busybox both know `infinity`). The trap ends it at once on SIGTERM, even
 * as a container's PID 1, which ignores signals it has no handler for.
 */
export const IDLE_COMMAND: readonly string[] = [
  'sh',
  '-c',
  'trap "exit 0" TERM INT HUP; sleep infinity & wait',
]

/** A spec without a command: an interactive machine, up until the rental ends. */
export function isInteractive(spec: { command?: readonly string[] }): boolean {
  return spec.command === undefined
}

/** The argv a runner starts for the spec: its command, or the idle program of an interactive one. */
export function jobArgv(spec: { command?: readonly string[] }): readonly string[] {
  return spec.command ?? IDLE_COMMAND
}

/** Whether the machine stays up when the job's program exits before the paid time is up. */
export function keepsMachine(spec: { command?: readonly string[]; onExit: JobSpec['onExit'] }): boolean {
  return spec.onExit === 'keep' || isInteractive(spec)
}

/** JSON with object keys sorted at every level, so one spec has exactly one byte encoding. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
