import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import type { Hex } from 'viem'
import { expect } from 'vitest'
import type { E2eStackInfo } from '../stack/provided'
import { PageErrors } from './page-errors'
import { TestWallet } from './wallet-backend'

/** Debian's Chromium; playwright-core downloads no browser. */
export const chromiumPath = '/usr/bin/chromium'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking'],
  })
}

export const desktop = { width: 1280, height: 800 }
export const phone = { width: 375, height: 812 }

export type Session = {
  context: BrowserContext
  wallet: TestWallet
  errors: PageErrors
  page: Page
  close(): Promise<void>
}

/**
 * A fresh browser profile with the test wallet installed (holding `key`), the bundle's RPC routed
 * to the test chain, and every page's errors collected.
 */
export async function openSession(
  browser: Browser,
  stack: E2eStackInfo,
  options: { key: Hex; chainId?: number },
): Promise<Session> {
  const context = await browser.newContext({ viewport: desktop, baseURL: stack.appUrl })
  const wallet = new TestWallet(options.key, stack.rpcUrl, { chainId: options.chainId })
  await wallet.attach(context)
  await routeChainRpc(context, stack)
  const errors = new PageErrors()
  errors.watch(context)
  const page = await context.newPage()
  return { context, wallet, errors, page, close: () => context.close() }
}

/**
 * The bundle calls the RPC it was built with (NEXT_PUBLIC_RPC_URL, e.g. the demo's anvil): every
 * JSON-RPC request the page sends to another origin than the app's goes to the test chain instead,
 * so one build serves the demo and the tests. Anything else goes out unchanged.
 */
async function routeChainRpc(context: BrowserContext, stack: E2eStackInfo): Promise<void> {
  const app = new URL(stack.appUrl).origin
  await context.route(
    (url) => url.origin !== app,
    async (route) => {
      const request = route.request()
      const body = request.postData() ?? ''
      if (request.method() !== 'POST' || !body.includes('"jsonrpc"')) return route.continue()
      const response = await fetch(stack.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      await route.fulfill({
        status: response.status,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: await response.text(),
      })
    },
  )
}

/**
 * What sticks out past the right edge of the screen (a phone then zooms the whole page out): each
 * element wider than the viewport whose parent is not, as `tag.class "text"`.
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth <= width) return []
    const sticksOut = (element: Element) => element.getBoundingClientRect().right > width + 1
    return [...document.body.querySelectorAll('*')]
      .filter((element) => sticksOut(element) && !(element.parentElement && sticksOut(element.parentElement)))
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${element.className} "${element.textContent?.slice(0, 40)}"`,
      )
  })
}

/**
 * Saves the page at 1280 px and at 375 px wide (full height) as `<name>-1280.png` / `-375.png`, and
 * fails naming what sticks out when the page is wider than the screen at either width.
 */
export async function screenshots(page: Page, stack: E2eStackInfo, name: string): Promise<void> {
  const before = page.viewportSize() ?? desktop
  for (const viewport of [desktop, phone]) {
    await page.setViewportSize(viewport)
    // Let layout settle (windowed tables re-measure on resize).
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${stack.artifactsDir}/${name}-${viewport.width}.png`, fullPage: true })
    expect(await overflowing(page), `${name} at ${viewport.width} px: wider than the screen`).toEqual([])
  }
  await page.setViewportSize(before)
}
