export const dynamic = 'force-dynamic'

/** GET /api/health — liveness for load balancers: answers without touching the database or chain. */
export function GET() {
  return Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } })
}
