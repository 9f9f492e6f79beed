import 'server-only'
import { ApiError, errorResponse } from '@/lib/server/api-error'
import type { AuthConfig } from './session-cookie'

/** A 405 naming the methods the route accepts, in the `Allow` header. */
export function methodNotAllowed(allow: readonly string[]): Response {
  return errorResponse(new ApiError('method_not_allowed', `This route accepts ${allow.join(', ')} only.`), {
    headers: { allow: allow.join(', ') },
  })
}

/**
 * Guards a state-changing route against cross-site requests: POST only (405), an `Origin` header
 * equal to the app's configured origin (403: a cross-site form or fetch), and a JSON content type
 * (415: which no HTML form can send). Returns the refusal to send, or undefined to go on.
 *
 *   const refused = sameOriginPost(request, config)
 *   if (refused) return refused
 */
export function sameOriginPost(
  request: Request,
  config: Pick<AuthConfig, 'appOrigin'>,
): Response | undefined {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  if (request.headers.get('origin') !== config.appOrigin) {
    return errorResponse(new ApiError('forbidden', 'This request must come from the app’s own pages.'))
  }
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (mediaType !== 'application/json') {
    return errorResponse(new ApiError('unsupported_media_type', 'Send the body as application/json.'))
  }
  return undefined
}

/**
 * Reads a JSON body of at most `maxBytes`, counting what actually arrives (a Content-Length may
 * lie or be absent) and stopping as soon as the limit is passed: 413 past it, 400 when not JSON.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = () =>
    new ApiError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`)
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body?.getReader()
  for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
    size += part.value.byteLength
    if (size > maxBytes) {
      await reader?.cancel()
      throw tooLarge()
    }
    chunks.push(part.value)
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)))
  } catch {
    throw new ApiError('invalid', 'The request body is not valid JSON.')
  }
}
