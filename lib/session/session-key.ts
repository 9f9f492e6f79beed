import { z } from 'zod'
import { addressHex } from '@/lib/protocol/wire-fields'

/** Who is signed in with SIWE, as the market server sees it (GET /api/auth/session, POST /api/auth/verify). */
export const signedInSchema = z.object({ address: addressHex, chainId: z.number().int().positive() })
export type SignedIn = z.infer<typeof signedInSchema>

/** GET /api/auth/nonce: a single-use nonce for the next sign-in message. */
export const nonceAnswerSchema = z.object({ nonce: z.string().min(8).max(128) })

export type NonceAnswer = z.infer<typeof nonceAnswerSchema>
