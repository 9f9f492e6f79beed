// Shared by server-rendered stand-ins and the wallet UI that replaces them, so the swap is invisible.
const base =
  'inline-flex h-9 items-center justify-center gap-2 rounded-md px-3.5 text-sm font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed disabled:opacity-60'

export const primaryButton = `${base} bg-accent text-on-accent hover:bg-accent-strong`

export const secondaryButton = `${base} border border-line bg-surface text-fg hover:bg-subtle`
