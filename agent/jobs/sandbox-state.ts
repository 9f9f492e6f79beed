import { z } from 'zod'
import { readJobFile, writeJobFile } from './job-files'

/**
 * What the sandbox runner set up for one job, in `<jobDir>/sandbox.json`: everything the stop and
 * cleanup commands (sandbox-control.ts) need, so they work from the job dir alone, also after an
 * agent restart. Each part is recorded as soon as it exists, so a failed start releases it too.
 */
export const sandboxStateSchema = z.strictObject({
  uid: z.number().int().min(1000),
  /** The claim that reserves the uid (sandbox-uids.ts). */
  uidClaim: z.string().min(1),
  /** The workspace file system's image and where it is mounted. */
  image: z.string().min(1),
  workDir: z.string().min(1),
  /** The stage (sandbox-stage.ts) the sandbox binds its workspace and /etc files from. */
  stage: z.strictObject({ dir: z.string(), workspace: z.string(), etc: z.string() }).optional(),
  /** One cgroup directory per v1 hierarchy, or the single v2 one. */
  cgroups: z.array(z.string().min(1)).optional(),
  /** The named network namespace (`ip netns`). */
  netns: z.string().optional(),
  /** The user-mode network process: pid and /proc start time. */
  slirp: z.strictObject({ pid: z.number().int().positive(), start: z.number().int() }).optional(),
})
export type SandboxState = z.infer<typeof sandboxStateSchema>

export const readSandboxState = (jobDir: string): SandboxState | undefined =>
  readJobFile(jobDir, 'sandbox.json', sandboxStateSchema)

export function updateSandboxState(jobDir: string, patch: Partial<SandboxState>): SandboxState {
  const current = readSandboxState(jobDir)
  const next = sandboxStateSchema.parse({ ...current, ...patch })
  writeJobFile(jobDir, 'sandbox.json', next)
  return next
}
