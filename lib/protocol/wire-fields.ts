import { type Address, isAddress } from 'viem'
import { z } from 'zod'

/**
 * Text is stored and shown as-is (the UI renders text only), so text that could be read as markup
 * (`<`, `>`), reorder what is around it (bidi controls), hide itself (zero-width) or break a line
 * (control characters) is refused rather than cleaned: the signed model name cannot be changed
 * without breaking its signature anyway.
 */
export function isSafeText(value: string): boolean {
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false
    if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return false
    if (ch === '<' || ch === '>') return false
  }
  return true
}

export const MAX_UINT32 = 4_294_967_295

/** Non-empty safe text of at most `max` characters; the issue message `unsafe text` names a refusal. */
export const safeText = (max: number) =>
  z.string().min(1).max(max).refine(isSafeText, { message: 'unsafe text' })
export const hexBytes = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`))
/** A uint as decimal text (how bigints travel in JSON), at most `digits` digits, no leading zeros. */
export const uintText = (digits: number) => z.string().regex(new RegExp(`^(0|[1-9][0-9]{0,${digits - 1}})$`))
export const uint32 = z.number().int().min(0).max(MAX_UINT32)
/** A 20-byte address in any letter case, typed as viem's `Address` without a cast. */
export const addressHex = z.custom<Address>(
  (value) => typeof value === 'string' && isAddress(value, { strict: false }),
  'not an address',
)
export const signatureHex = z.string().regex(/^0x(?:[0-9a-fA-F]{2}){1,2048}$/)

/** `0x…` template types as the string a schema yields, so a schema can be checked against a wire type. */
type Widen<T> = T extends string ? string : T
/** One schema per field of `T`, no more, no fewer, each yielding that field's (widened) type. */
export type FieldSchemas<T> = { [K in keyof T]-?: z.ZodType<Widen<T[K]>> }
