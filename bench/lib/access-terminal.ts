/**
 * Keystroke → echo painted in the rental page's web terminal, in Chromium: the renter's page
 * (`/rentals/<id>`, signed in with the test wallet, "Sign to open" answered by the wallet, then
 * "Open a terminal"), xterm.js on the agent's terminal WebSocket to a shell inside the job. For each
 * key: from the keydown event to the end of the rendering step in which xterm's rows first show the
 * typed character (xterm renders its rows in an animation-frame callback; a task queued from the
 * mutation observer runs once that frame's rendering is done). The round trip covers the page, the
 * WebSocket, the agent, the pseudo-terminal and the shell's echo, all on this machine.
 */
import type { Browser } from 'playwright-core'
import type { Hex } from 'viem'
import { openSession } from '../../e2e/harness/browser'
import { connectAndSignIn } from '../../e2e/harness/wallet-ui'
import type { E2eStackInfo } from '../../e2e/stack/provided'

export const KEYS = 60
/**
 * Typed in lines of this many distinct letters (a, b, c…), each line then cleared with Ctrl+U: a
 * row ends with the letters typed so far only once the last one is echoed.
 */
const LINE = 20

// In-page code as source text (see search-typing.ts). ARM waits for a row to end with `expected`.
const ARM = (expected: string) => `(() => {
  const rows = document.querySelector('.xterm-rows')
  const state = { t0: 0, seen: 0, painted: 0 }
  const shown = () => [...rows.children].some((row) => row.textContent.trimEnd().endsWith(${JSON.stringify(expected)}))
  const observer = new MutationObserver(() => {
    if (!state.t0 || state.seen || !shown()) return
    state.seen = performance.now()
    setTimeout(() => { state.painted = performance.now() }, 0)
  })
  observer.observe(rows, { subtree: true, childList: true, characterData: true })
  document.addEventListener('keydown', (event) => { state.t0 = event.timeStamp }, { capture: true, once: true })
  window.__echo = { state, observer }
})()`
const READ = `(() => {
  const { state, observer } = window.__echo
  observer.disconnect()
  return { seenMs: state.seen - state.t0, paintedMs: state.painted - state.t0 }
})()`

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
const round = (v: number) => Math.round(v * 10) / 10

/** Opens the rental's terminal in the page and times `KEYS` keystrokes one at a time. */
export async function measureKeystrokes(browser: Browser, stack: E2eStackInfo, id: bigint, key: Hex) {
  const session = await openSession(browser, stack, { key })
  try {
    const { page, wallet } = session
    await page.goto(`/rentals/${id}`)
    await connectAndSignIn(page, wallet)
    await page.getByRole('button', { name: 'Sign to open' }).click()
    await page.getByRole('button', { name: 'Open a terminal' }).click()
    await page.getByRole('status').getByText('Connected.').waitFor({ timeout: 30_000 })
    // The shell's prompt: something on the screen besides the cursor.
    await page.waitForFunction(
      () => (document.querySelector('.xterm-rows')?.textContent ?? '').trim().length > 0,
      null,
      {
        timeout: 30_000,
      },
    )
    await page.locator('.xterm-helper-textarea').focus()
    const samples: { seenMs: number; paintedMs: number }[] = []
    let line = ''
    for (let i = 0; i < KEYS; i++) {
      const letter = String.fromCharCode(97 + (i % LINE))
      line += letter
      await page.evaluate(ARM(line))
      await page.keyboard.press(letter)
      await page.waitForFunction('window.__echo.state.painted > 0', null, { timeout: 10_000 })
      samples.push((await page.evaluate(READ)) as { seenMs: number; paintedMs: number })
      if ((i + 1) % LINE === 0) {
        await page.keyboard.press('Control+U')
        line = ''
        await page.waitForTimeout(200)
      }
    }
    const painted = samples.map((s) => s.paintedMs).sort((a, b) => a - b)
    const fastest = painted[0] ?? Number.NaN
    if (!(fastest >= 0)) throw new Error(`a keystroke measured ${fastest} ms`)
    return {
      keys: samples.length,
      p50Ms: round(percentile(painted, 0.5)),
      p99Ms: round(percentile(painted, 0.99)),
      maxMs: round(painted.at(-1) ?? Number.NaN),
      minMs: round(fastest),
      pageErrors: session.errors.take(),
    }
  } finally {
    await session.close()
  }
}
