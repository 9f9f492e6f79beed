import { z } from 'zod'

/**
 * The wire shapes of a rental's browser routes on the provider agent (agent/access): access
 * tokens, the job's listening ports and the workspace's files. The agent parses and answers with
 * these; the API catalog documents them.
 */

/** What an access token may open: the web terminal, the port proxy, the workspace's files. */
export const ACCESS_SCOPES = ['terminal', 'ports', 'files'] as const
export type AccessScope = (typeof ACCESS_SCOPES)[number]

/** How long a token lives at most (and by default), in seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = 600

export const accessTokenRequestSchema = z
  .object({
    scopes: z
      .array(z.enum(ACCESS_SCOPES))
      .min(1)
      .default([...ACCESS_SCOPES]),
    ttlSeconds: z.number().int().min(10).max(ACCESS_TOKEN_TTL_SECONDS).default(ACCESS_TOKEN_TTL_SECONDS),
  })
  .strict()

export const accessTokenAnswerSchema = z.object({
  token: z.string(),
  /** Unix seconds. */
  expiresAt: z.number().int(),
  scopes: z.array(z.enum(ACCESS_SCOPES)),
})

export const listeningPortsAnswerSchema = z.object({ ports: z.array(z.number().int().min(1).max(65_535)) })

export const fileEntrySchema = z.object({
  name: z.string(),
  size: z.number().int().min(0),
  /** Unix seconds. */
  mtime: z.number().int(),
  dir: z.boolean(),
})

export const fileListingSchema = z.object({ path: z.string(), entries: z.array(fileEntrySchema) })

export const uploadAnswerSchema = z.object({ path: z.string(), size: z.number().int().min(0) })
