import { HeaderWallet } from './header-wallet'
import { IntentLink } from './intent-link'
import { NavLink } from './nav-link'
import { ThemeToggle } from './theme-toggle'

const sections = [
  { href: '/', label: 'Marketplace' },
  { href: '/rentals', label: 'Rentals' },
  { href: '/provide', label: 'Provide' },
] as const

export function SiteHeader({ savedAddress }: { savedAddress: string | undefined }) {
  return (
    <header className="border-b border-line bg-surface">
      {/* Below sm the nav wraps onto its own row so that 375 px fits name, theme and wallet. */}
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2">
        <IntentLink
          href="/"
          className="flex items-center gap-2 rounded-md py-1 text-lg font-semibold tracking-tight"
        >
          <WeftMark />
          Weft
        </IntentLink>
        <nav aria-label="Main" className="order-last -mx-3 w-full sm:order-none sm:mx-0 sm:w-auto">
          <ul className="flex gap-1">
            {sections.map((section) => (
              <li key={section.href}>
                <NavLink href={section.href}>{section.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <ThemeToggle />
          <HeaderWallet savedAddress={savedAddress} />
        </div>
      </div>
    </header>
  )
}

function WeftMark() {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      className="size-6 text-accent"
      fill="none"
      stroke="currentColor"
    >
      <path strokeWidth="2.5" strokeLinecap="round" d="M3 7h18M3 12h18M3 17h18" opacity="0.35" />
      <path strokeWidth="2.5" strokeLinecap="round" d="M7 3v18M12 3v18M17 3v18" />
    </svg>
  )
}
