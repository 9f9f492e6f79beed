import type { NextConfig } from 'next'
import { OFFERS_MAX_AGE_MS } from './lib/market/offer-freshness'

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The longest a page regenerated in the background (the first visit's marketplace) is served after
  // it was rendered: the most /api/offers itself would serve offers after reading them.
  expireTime: OFFERS_MAX_AGE_MS / 1000,
  // PGlite and tiny-secp256k1 (the aggregator's signature recovery) load their WebAssembly from
  // their own package directories at run time, which breaks once the bundler moves them; the
  // server requires them from node_modules instead.
  serverExternalPackages: ['@electric-sql/pglite', 'tiny-secp256k1'],
  // The stylesheet is linked, not inlined (experimental.inlineCss): inlined, it travelled twice in
  // every answer (a <style> and the page's React payload), 209 KB per `/` instead of 91 KB, which cut
  // the requests per second the server answered by a third (bench:pages) for no Lighthouse gain.
}

export default nextConfig
