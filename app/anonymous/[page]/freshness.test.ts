import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { OFFERS_FRESH_MS } from '@/lib/market/offer-freshness'

describe('the anonymous visitor’s marketplace', () => {
  // How long it may be served after its rendering is next.config.ts's expireTime, OFFERS_MAX_AGE_MS itself.
  it('is regenerated as often as /api/offers reads afresh', () => {
    // Next reads `revalidate` from the page's source as a literal, so it cannot name the constant.
    const source = readFileSync(new URL('./page.tsx', import.meta.url), 'utf8')
    const revalidate = /^export const revalidate = (\d+)$/m.exec(source)?.[1]
    expect(Number(revalidate) * 1000).toBe(OFFERS_FRESH_MS)
    expect(source).toContain("export const dynamic = 'force-static'")
  })
})
