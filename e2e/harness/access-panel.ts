import type { Page } from 'playwright-core'

/** The rental page's "Access" section (components/rentals/rental-access.tsx). */
export function accessPanel(page: Page) {
  return page.getByRole('region', { name: 'Access' })
}

/** Signs for the access token from the panel (one wallet prompt) and waits until the panel opens. */
export async function unlockAccess(page: Page): Promise<void> {
  const panel = accessPanel(page)
  await panel.getByRole('button', { name: 'Sign to open' }).click({ timeout: 30_000 })
  await panel.getByRole('heading', { name: 'Terminal' }).waitFor({ timeout: 30_000 })
}

/** The web terminal's status line ("Connected.", the reason it closed, …). */
export function terminalStatus(page: Page) {
  return accessPanel(page)
    .getByRole('status')
    .filter({ hasText: /^(Connecting…|Connected\.|Reconnected|Connection lost|The )/ })
}

/** What the xterm shows, one line per rendered row (its DOM renderer's rows), trailing blanks cut. */
export function terminalRows(page: Page): Promise<string[]> {
  return accessPanel(page)
    .locator('.xterm-rows > div')
    .evaluateAll((rows) => rows.map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()))
}

/** Types `line` into the terminal as keys (focusing it first, as a click does) and presses Enter. */
export async function typeInTerminal(page: Page, line: string): Promise<void> {
  await accessPanel(page).locator('.xterm').click()
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

/**
 * The Files list's download link for `name` under outputs/: the list is read when the panel
 * opens, so it is refreshed (as a person would) until the job has written the file.
 */
export async function outputLink(page: Page, name: string, timeoutMs = 30_000) {
  const panel = accessPanel(page)
  const link = panel.getByRole('link', { name, exact: true })
  const deadline = Date.now() + timeoutMs
  while (!(await link.isVisible())) {
    if (Date.now() > deadline) throw new Error(`the panel never listed outputs/${name}`)
    await panel.getByRole('button', { name: 'Refresh' }).click()
    await page.waitForTimeout(1000)
  }
  return link
}
