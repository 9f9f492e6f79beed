import { ApiFailure } from '@/lib/http/api-failure'
import { IntentLink } from '../intent-link'
import { SignInPrompt } from './sign-in-gate'

/**
 * Why a rental (or the list) cannot be shown, in a sentence: the session ended (sign in again), the
 * rental is someone else's, it does not exist, or the server is unreachable.
 */
export function AccessProblem({ error, what }: { error: Error; what: string }) {
  const status = error instanceof ApiFailure ? error.status : 0
  if (status === 401) return <SignInPrompt reason={`to see ${what}`} />
  if (status === 403) return <NotYourRental />
  if (status === 404 || status === 400)
    return (
      <Problem heading="No such rental">
        {status === 400 ? error.message : 'No rental has this id, on the chain or in the market’s index.'}{' '}
        Check the link, or open it from <IntentLink href="/rentals">your rentals</IntentLink>.
      </Problem>
    )
  return <Problem heading={`Could not load ${what}`}>{error.message} The page tries again by itself.</Problem>
}

/** A rental the signed-in account neither rented nor provides. */
export function NotYourRental() {
  return (
    <Problem heading="This rental belongs to another account">
      Only the wallet that rented it, and the provider running it, can see it. If you rented it from another
      wallet, switch to that wallet and sign in again.
    </Problem>
  )
}

function Problem({ heading, children }: { heading: string; children: React.ReactNode }) {
  return (
    <section role="alert" className="rounded-lg border border-line bg-surface p-5">
      <h2 className="font-semibold">{heading}</h2>
      <p className="mt-2 text-sm text-muted text-pretty [&_a]:text-accent-text [&_a]:underline">{children}</p>
    </section>
  )
}
