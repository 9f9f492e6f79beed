import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite and tiny-secp256k1 (the aggregator's signature recovery) load their WebAssembly from
  // their own package directories at run time, which breaks once the bundler moves them; the
  // server requires them from node_modules instead.
  serverExternalPackages: ['@electric-sql/pglite', 'tiny-secp256k1'],
}

export default nextConfig
