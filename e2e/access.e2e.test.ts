import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { RentalStatus } from '../lib/chain/rental-status'
import { eventually } from '../test-support/eventually'
import {
  accessPanel,
  outputLink,
  terminalRows,
  terminalStatus,
  typeInTerminal,
  unlockAccess,
} from './harness/access-panel'
import {
  accessTokenFor,
  gatewayClients,
  requestAccessToken,
  terminalUpgradeStatus,
} from './harness/agent-access'
import { type Session, screenshots } from './harness/browser'
import { chainReader } from './harness/chain'
import { jobServerScript, readStreamInPage } from './harness/job-server'
import { agentNamed, liveOffer } from './harness/offers'
import { chainRenter } from './harness/rent-on-chain'
import { waitForRentalPage } from './harness/rental-page'
import { useBrowser } from './harness/setup-file'
import { connectAndSignIn } from './harness/wallet-ui'

const renterKey = anvilKeys[1] ?? '0x'
const otherKey = anvilKeys[3] ?? '0x'
const FLEET = 'frankfurt-h100'
const PORT = 8000
const RESULT = 'result 42'

/**
 * The rental page's Access panel driven in Chromium against a real agent: the renter rents with an
 * SSH key and a job that serves HTTP and writes an output, then opens a terminal, the job's port
 * and its file from the page, and reaches the same job with ssh and sftp. Every later journey of
 * this file (refusals, the end of the rental) uses the same rental.
 */
describe('access to a running rental', () => {
  const { stack, session } = useBrowser()
  const chain = chainReader(stack.rpcUrl, stack)
  const agent = agentNamed(stack, FLEET)
  let clients: Awaited<ReturnType<typeof gatewayClients>>
  let renterSsh = ''
  let rentalId = 0n
  let rentalPath = ''

  beforeAll(async () => {
    clients = await gatewayClients(agent.url)
    renterSsh = clients.key('renter').path
  })
  afterAll(() => clients?.cleanup())

  /** A renter's page on the rental, signed in and with the access token signed for. */
  async function openRentalAccess(): Promise<Session> {
    const opened = await session(renterKey)
    await opened.page.goto(rentalPath)
    await connectAndSignIn(opened.page, opened.wallet)
    await unlockAccess(opened.page)
    return opened
  }

  test('rent with an SSH key; the panel’s terminal, port and files reach the job', async () => {
    const { page, wallet } = await session(renterKey)
    const offer = await liveOffer(stack, FLEET, 1, 120)
    await page.goto(offer.path)
    await connectAndSignIn(page, wallet)
    const rent = page.getByRole('region', { name: 'Rent this offer' })
    await rent.getByLabel('Duration in hours').fill('0.2')
    await rent.getByLabel('Command').fill(jobServerScript(PORT))
    await rent.getByLabel('SSH public key').fill(readFileSync(`${renterSsh}.pub`, 'utf8'))
    await rent.getByRole('button', { name: /^Rent for [\d.]+ USDC$/ }).click()
    rentalId = await waitForRentalPage(page)
    rentalPath = new URL(page.url()).pathname
    await page
      .getByRole('region', { name: 'Rental status' })
      .getByText('Running', { exact: true })
      .waitFor({ timeout: 60_000 })

    // The SSH line names the agent's gateway and this rental.
    const panel = accessPanel(page)
    const host = new URL(agent.url).hostname
    await panel.getByText(`ssh -p ${clients.port} ${rentalId}@${host}`, { exact: true }).waitFor()
    // And the host key it shows is the one the gateway presents (checked with ssh-keyscan).
    await panel.getByText(clients.hostKeyFingerprint, { exact: true }).waitFor()

    // One signature opens the rest.
    const before = wallet.signatureCalls().length
    await unlockAccess(page)
    expect(wallet.signatureCalls().slice(before)).toEqual(['personal_sign'])

    // The terminal: a shell in the job's workspace; what it prints is read off the xterm's rows.
    await panel.getByRole('button', { name: 'Open a terminal' }).click()
    await terminalStatus(page).getByText('Connected.').waitFor({ timeout: 30_000 })
    await typeInTerminal(page, 'echo "sum $((40+2))"; cat outputs/result.txt; pwd')
    await expect
      .poll(() => terminalRows(page), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['sum 42', RESULT, '/workspace']))

    // The job's port, opened with the page's own link in a new tab, through the agent's proxy.
    const portRow = panel.getByRole('listitem').filter({ hasText: String(PORT) })
    await portRow.waitFor({ timeout: 30_000 })
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      portRow.getByRole('link', { name: 'Open' }).click(),
    ])
    await tab.getByRole('heading', { name: 'served from the job' }).waitFor({ timeout: 30_000 })
    // The token in the link became the agent's cookie: the tab's address no longer carries it.
    expect(new URL(tab.url()).searchParams.get('token')).toBeNull()
    expect(new URL(tab.url()).pathname).toBe(`/v1/rentals/${rentalId}/ports/${PORT}/`)
    // A streamed answer arrives piece by piece, as the job writes it (every 400 ms).
    const stream = await readStreamInPage(tab, 'stream')
    expect(stream.status).toBe(200)
    expect(stream.contentLength).toBeNull()
    expect(stream.text).toBe('tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n')
    expect(stream.pieces.length).toBeGreaterThanOrEqual(3)
    expect(stream.pieces.at(-1)?.atMs ?? 0).toBeGreaterThan((stream.pieces[0]?.atMs ?? 0) + 1000)
    // The first piece came before the job had written the rest (a slow reader may get two at once).
    expect(stream.pieces[0]?.text).toMatch(/^tick 1\n/)
    expect(stream.pieces[0]?.text).not.toContain('tick 5')
    await tab.close()

    // The job's output, downloaded from the panel's Files list.
    const link = await outputLink(page, 'result.txt')
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toBe('result.txt')
    expect(readFileSync(await download.path(), 'utf8')).toBe(`${RESULT}\n`)
    await screenshots(page, stack, 'rental-access')
  })

  test('ssh and sftp with the renter’s key reach the same job; a stranger’s key is refused', async () => {
    expect(rentalPath, 'the rent journey ran first').not.toBe('')
    const user = String(rentalId)
    const shell = await clients.ssh(renterSsh, user, [], 'cat outputs/result.txt; echo "in $PWD"')
    expect(shell.code, shell.stderr).toBe(0)
    expect(shell.stdout).toBe(`${RESULT}\nin /workspace\n`)

    const local = join(clients.dir, 'to-job.txt')
    const fetched = join(clients.dir, 'from-job.txt')
    writeFileSync(local, 'sent over sftp\n')
    const sftp = await clients.sftp(
      renterSsh,
      user,
      `put ${local} inputs.txt\nget outputs/result.txt ${fetched}\n`,
    )
    expect(sftp.code, sftp.stderr).toBe(0)
    expect(readFileSync(fetched, 'utf8')).toBe(`${RESULT}\n`)
    const landed = await clients.ssh(renterSsh, user, [], 'cat inputs.txt')
    expect(landed.stdout).toBe('sent over sftp\n')

    const stranger = clients.key('stranger').path
    const refused = await clients.ssh(stranger, user, [], 'true')
    expect(refused.code).toBe(255)
    expect(refused.stderr).toMatch(/Permission denied \(publickey\)/)
  })

  test('another account is refused a token for the rental, and its own token opens nothing of it', async () => {
    expect(rentalPath, 'the rent journey ran first').not.toBe('')
    // A signed request from a second wallet for the renter's rental.
    const asked = await requestAccessToken(agent.url, rentalId, otherKey)
    expect(asked.status).toBe(403)

    // The second wallet's own rental on the same provider gives it a good token, for that rental only.
    const other = chainRenter(stack, otherKey)
    const offer = await liveOffer(stack, FLEET, 1, 120)
    const own = await other.rent(offer, 600, {
      command: ['sh', '-c', 'sleep 600'],
      env: {},
      onExit: 'finish',
    })
    try {
      await eventually(
        'the provider to start the second wallet’s rental',
        async () => (await chain.rental(own.id)).status === RentalStatus.Running,
        60_000,
      )
      const token = await accessTokenFor(agent.url, own.id, otherKey)
      expect(await terminalUpgradeStatus(agent.url, rentalId, token)).toBe(401)
      const base = `${agent.url}/v1/rentals/${rentalId}`
      const proxied = await fetch(`${base}/ports/${PORT}/`, { headers: { authorization: `Bearer ${token}` } })
      expect(proxied.status).toBe(401)
      // A link with the token in it (what the page's Open button carries) is no better.
      const linked = await fetch(`${base}/ports/${PORT}/?token=${token}`, { redirect: 'manual' })
      expect(linked.status).toBe(401)
      const files = await fetch(`${base}/files/outputs/result.txt?token=${token}`)
      expect(files.status).toBe(401)
    } finally {
      await other.stop(own.id).catch(() => undefined)
    }
  })

  test('stopping the rental closes its terminal with the reason, and ssh no longer gets in', async () => {
    expect(rentalPath, 'the rent journey ran first').not.toBe('')
    const { page, errors } = await openRentalAccess()
    const panel = accessPanel(page)
    await panel.getByRole('button', { name: 'Open a terminal' }).click()
    await terminalStatus(page).getByText('Connected.').waitFor({ timeout: 30_000 })

    await page.getByRole('button', { name: 'Stop rental' }).click()
    await terminalStatus(page)
      .getByText('The rental ended, so its terminal is closed.')
      .waitFor({ timeout: 60_000 })
    await eventually(
      'the chain to have the rental stopped',
      async () => (await chain.rental(rentalId)).status === RentalStatus.Stopped,
      60_000,
    )
    // Its outputs stay downloadable for the provider's retention period.
    await panel.getByRole('heading', { name: 'Kept outputs' }).waitFor({ timeout: 30_000 })
    const kept = panel.getByRole('link', { name: 'result.txt', exact: true })
    await kept.waitFor({ timeout: 30_000 })
    // The page may see the stop before the agent has: the link works once the agent keeps the outputs.
    const href = (await kept.getAttribute('href')) ?? ''
    await eventually('the agent to keep the outputs', async () => (await fetch(href)).status === 200, 30_000)
    const [download] = await Promise.all([page.waitForEvent('download'), kept.click()])
    expect(readFileSync(await download.path(), 'utf8')).toBe(`${RESULT}\n`)
    await screenshots(page, stack, 'rental-access-ended')
    // The port list polls until the page sees the stop, and the kept outputs are listed again while
    // the job stops: the agent answers those with 409, which the browser logs.
    const problems = errors.take()
    const expected = /status of 409 .*\/v1\/rentals\/\d+\/(ports|files\/outputs\/)$/
    expect(problems.filter((p) => !expected.test(p.text))).toEqual([])

    const after = await clients.ssh(renterSsh, String(rentalId), [], 'true')
    expect(after.code).toBe(255)
    expect(after.stderr).toMatch(/Permission denied \(publickey\)/)
  })
})
