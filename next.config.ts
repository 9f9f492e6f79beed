import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite loads its WebAssembly and data files from its own package directory at run time,
  // which breaks once the bundler moves it; the server requires it from node_modules instead.
  serverExternalPackages: ['@electric-sql/pglite'],
}

export default nextConfig
