import type { Browser } from 'playwright-core'
import type { Hex } from 'viem'
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest'
import '../stack/provided'
import { launchBrowser, openSession, type Session } from './browser'

/**
 * Per test file: one Chromium, sessions opened by the tests, and after each test a check that no
 * page logged an error or threw. Returns accessors, since the browser exists only after beforeAll.
 */
export function useBrowser() {
  const stack = inject('e2e')
  let browser: Browser | undefined
  const sessions: Session[] = []
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterEach(async (context) => {
    // A failed test leaves what its pages showed at that moment.
    if (context.task.result?.state === 'fail') {
      const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)
      const pages = sessions.flatMap((s) => s.context.pages())
      await Promise.all(
        pages.map((page, i) =>
          page
            .screenshot({ path: `${stack.artifactsDir}/failed-${name}-${i}.png`, fullPage: true })
            .catch(() => undefined),
        ),
      )
    }
    const problems = sessions.flatMap((s) => s.errors.take())
    await Promise.all(sessions.splice(0).map((s) => s.close()))
    expect(problems, 'console errors and uncaught errors in the pages').toEqual([])
  })
  afterAll(async () => {
    await browser?.close()
  })
  return {
    stack,
    /** A new browser profile whose wallet holds `key` (and sits on `chainId`, 31337 by default). */
    async session(key: Hex, options: { chainId?: number } = {}): Promise<Session> {
      if (!browser) throw new Error('the browser is not running yet')
      const session = await openSession(browser, stack, { key, ...options })
      sessions.push(session)
      return session
    },
  }
}
