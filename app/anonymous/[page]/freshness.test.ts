import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { OFFERS_FRESH_MS } from '@/lib/market/offer-freshness'

describe('the anonymous visitor’s marketplace and offer pages', () => {
  // How long they may be served after their rendering is next.config.ts's expireTime, OFFERS_MAX_AGE_MS itself.
  it.each(['./page.tsx', '../offers/[id]/[provider]/page.tsx'])(
    '%s is regenerated as often as /api/offers reads afresh',
    (file) => {
      // Next reads `revalidate` from the page's source as a literal, so it cannot name the constant.
      const source = readFileSync(new URL(file, import.meta.url), 'utf8')
      const revalidate = /^export const revalidate = (\d+)$/m.exec(source)?.[1]
      expect(Number(revalidate) * 1000).toBe(OFFERS_FRESH_MS)
      expect(source).toContain("export const dynamic = 'force-static'")
    },
  )
})
