/** Next.js calls this once when the server starts: the background loops run in the Node.js runtime. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return
  // First, so rate limits count every request by its connection's address.
  const { stampPeerAddresses } = await import('./lib/server/peer-address')
  stampPeerAddresses()
  const { startBackground } = await import('./lib/server/background')
  try {
    await startBackground()
  } catch (error) {
    // A server without a deployment or database still serves its pages; the routes report why.
    console.error(`background services not started: ${error instanceof Error ? error.message : error}`)
  }
}
