import type { NextConfig } from 'next'

/** The reference page's configuration: the app's own settings that change what a browser gets. */
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
}

export default nextConfig
