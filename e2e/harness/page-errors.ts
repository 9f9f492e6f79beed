import type { BrowserContext, Page } from 'playwright-core'

/**
 * Console messages that are expected and cannot be avoided, each with why. Everything else logged
 * as an error, and every uncaught page error, fails the test.
 */
const allowed: { pattern: RegExp; why: string }[] = [
  {
    // components/rent/deliver-job.ts posts the job spec right after the rent transaction and retries
    // on 409 (not indexed yet), 404 (the agent has not seen the Rented event) and 503; Chromium logs
    // each refused attempt, though the page handles it.
    pattern:
      /^Failed to load resource: the server responded with a status of (409|404|503) .*\/api\/rentals\/\w+\/job$/,
    why: 'job delivery retried while the index and the agent catch up with the chain',
  },
]

export type PageProblem = { url: string; kind: 'console' | 'pageerror'; text: string }

/** Collects console errors and uncaught errors from every page of a context. */
export class PageErrors {
  readonly problems: PageProblem[] = []

  watch(context: BrowserContext): void {
    const watchPage = (page: Page) => {
      page.on('console', (message) => {
        if (message.type() !== 'error') return
        const text = `${message.text()} ${message.location().url ?? ''}`.trim()
        if (allowed.some((a) => a.pattern.test(text))) return
        this.problems.push({ url: page.url(), kind: 'console', text })
      })
      page.on('pageerror', (error) => {
        this.problems.push({ url: page.url(), kind: 'pageerror', text: error.stack ?? error.message })
      })
    }
    for (const page of context.pages()) watchPage(page)
    context.on('page', watchPage)
  }

  /** Takes the problems collected so far (to assert on them, or to expect some). */
  take(): PageProblem[] {
    return this.problems.splice(0)
  }
}
