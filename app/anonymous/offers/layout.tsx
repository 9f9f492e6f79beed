// This section's pages read through the app's query cache; the marketplace (/) loads it with its first fetch.
export { QueryLayout as default } from '@/components/query-provider'
