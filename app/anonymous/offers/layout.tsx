// This section's pages read through the app's query cache; the marketplace (/) loads it with its first fetch.
export { QueryProvider as default } from '@/components/query-provider'
