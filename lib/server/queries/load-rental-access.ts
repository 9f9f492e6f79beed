import 'server-only'
import { cookies } from 'next/headers'
import { getSession } from '@/lib/auth/sessions'
import { checkRentalAccess } from '@/lib/server/rental-access'
import { getServerContext } from '@/lib/server/server-context'

/**
 * Decided while rendering, so a rental that is not the signed-in account's is answered in the page
 * itself rather than by an API 403 in the browser: 'forbidden' or 'not_found' for a signed-in
 * visitor, else undefined (signed out, or the server cannot tell now: the live view takes over).
 */
export async function rentalDenial(id: bigint): Promise<'forbidden' | 'not_found' | undefined> {
  try {
    const ctx = await getServerContext()
    const session = await getSession(await cookies(), ctx)
    if (!session) return undefined
    const access = await checkRentalAccess(ctx, session.address, id)
    return access.kind === 'allowed' ? undefined : access.kind
  } catch {
    return undefined
  }
}
