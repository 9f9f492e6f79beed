import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { getAddress } from 'viem'
import { z } from 'zod'

const address = z.string().transform((value, ctx) => {
  try {
    return getAddress(value)
  } catch {
    ctx.addIssue({ code: 'custom', message: `not an address: ${value}` })
    return z.NEVER
  }
})

/** What `scripts/deploy.ts` writes to deployments/<chainId>.json. */
export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  market: address,
  token: address,
  testToken: z.boolean(),
  deployBlock: z.string().regex(/^\d+$/),
  owner: address,
  params: z.object({
    minStake: z.string().regex(/^\d+$/),
    startWindow: z.number().int().nonnegative(),
    compensationSeconds: z.number().int().nonnegative(),
  }),
})
export type DeploymentRecord = z.infer<typeof deploymentSchema>

export function deploymentPath(chainId: number, dir = path.resolve('deployments')): string {
  return path.join(dir, `${chainId}.json`)
}

/** Reads and validates the deployment for `chainId`, or returns undefined when there is none. */
export function readDeployment(chainId: number, dir?: string): DeploymentRecord | undefined {
  const file = deploymentPath(chainId, dir)
  if (!existsSync(file)) return undefined
  const parsed = deploymentSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file} is not a valid deployment: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}
