/*
 * What the marketplace's queries need from the query library, in one module loaded with their first
 * fetch (deferred-query.ts): the app's client and the observers the library's own hooks are built on.
 */
export { InfiniteQueryObserver, notifyManager, QueryObserver } from '@tanstack/react-query'
export { appQueryClient } from './app-query-client'
