// Stands in for the `server-only` guard in tests, which run server modules outside Next.js.
export {}
