import type { NextConfig } from 'next'
import { OFFERS_MAX_AGE_MS } from './lib/market/offer-freshness'

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The longest a page regenerated in the background (the first visit's marketplace) is served after
  // it was rendered: the most /api/offers itself would serve offers after reading them.
  expireTime: OFFERS_MAX_AGE_MS / 1000,
  // PGlite loads its WebAssembly and data files from its own package directory at run time,
  // which breaks once the bundler moves it; the server requires it from node_modules instead.
  serverExternalPackages: ['@electric-sql/pglite'],
}

export default nextConfig
