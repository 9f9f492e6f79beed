import type { BrowserContext, Page } from 'playwright-core'

/**
 * Console messages that are expected and cannot be avoided, each with why. Everything else logged
 * as an error, and every uncaught page error, fails the test.
 */
// None today.
const allowed: { pattern: RegExp; why: string }[] = []

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
