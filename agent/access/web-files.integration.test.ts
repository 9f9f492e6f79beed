import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workspaceImage } from '@/agent/jobs/workspace-quota'
import { webAccessFixture } from '@/test-support/agent/web-access-support'
import { eventually } from '@/test-support/eventually'
import { sandboxUnavailableReason } from '../jobs/sandbox-check'
import { isMountPoint } from '../jobs/workspace-quota'
import { KeptOutputs } from './kept-outputs'

/**
 * The workspace's files over HTTP on a real sandboxed job (bubblewrap; root only): read and
 * written inside the job while it runs, kept read-only after it ends, deleted after retention.
 */
const missing = sandboxUnavailableReason()
const JOB_SCRIPT = `mkdir -p /workspace/outputs/sub && echo result-bytes > /workspace/outputs/result.txt
ln -s /etc/hostname /workspace/outputs/link
echo ready; exec sleep 600`

type Listing = { entries: { name: string; size: number; dir: boolean }[] }
const shape = (listing: Listing) => listing.entries.map(({ name, dir }) => ({ name, dir }))

describe.skipIf(missing !== undefined)('workspace files of a sandboxed job', () => {
  if (missing) it.skip(`skipped: ${missing}`, () => undefined)
  const web = webAccessFixture(JOB_SCRIPT)
  beforeAll(() => web.start(), 120_000)
  afterAll(() => web.cleanup(), 60_000)
  const send = (path: string, init = {}) =>
    web.agent.send(`${web.base()}${path}`, { ...web.bearer(), ...init })

  it('lists, downloads and uploads while the job runs, inside the job', async () => {
    const listing = (await (await send('/files/outputs/')).json()) as Listing
    expect(shape(listing)).toEqual([
      { name: 'link', dir: false },
      { name: 'result.txt', dir: false },
      { name: 'sub', dir: true },
    ])
    expect(listing.entries.find((e) => e.name === 'result.txt')?.size).toBe(13)
    const download = await send('/files/outputs/result.txt')
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''result.txt")
    expect(await download.text()).toBe('result-bytes\n')
    const upload = await send('/files/outputs/sub/data.bin', { method: 'PUT', body: 'uploaded' })
    expect(upload.status).toBe(201)
    expect(await upload.json()).toEqual({ path: 'outputs/sub/data.bin', size: 8 })
    expect(await (await send('/files/outputs/sub/data.bin')).text()).toBe('uploaded')
  })

  it('refuses . and .. and answers 404 for what is not there', async () => {
    for (const path of ['/files/outputs/..%2F..%2Fetc%2Fpasswd', '/files/outputs/sub%2F%2E%2E%2Fx']) {
      expect((await send(path)).status).toBe(400)
    }
    expect((await send('/files/..%2Fx', { method: 'PUT', body: 'x' })).status).toBe(400)
    expect((await send('/files/outputs/absent.txt')).status).toBe(404)
    expect((await send('/files/outputs/absent/')).status).toBe(404)
    expect((await send('/files/outputs/', { headers: {}, signer: null })).status).toBe(401)
  })

  it('keeps the outputs readable after the rental ends, never following a symlink the job left', async () => {
    await web.end(false)
    // Ended, its job still stopping: the outputs are kept once it has exited.
    const stopping = await send('/files/outputs/')
    expect(stopping.status).toBe(409)
    expect(await stopping.text()).toMatch(/still stopping; try again shortly/)
    await web.state.job?.stop()
    await eventually('the workspace unmounted', () => !isMountPoint(join(web.state.jobDir, 'work')), 30_000)
    const listing = (await (await send('/files/outputs/')).json()) as Listing
    expect(shape(listing)).toEqual([
      { name: 'link', dir: false },
      { name: 'result.txt', dir: false },
      { name: 'sub', dir: true },
    ])
    expect(await (await send('/files/outputs/sub/data.bin')).text()).toBe('uploaded')
    expect((await send('/files/outputs/link')).status).toBe(404)
    expect((await send('/files/outputs/x', { method: 'PUT', body: 'late' })).status).toBe(409)
    expect((await send(`/ports/80/`)).status).toBe(409)
  })

  it('deletes the workspace once its retention has passed', async () => {
    const jobDir = web.state.jobDir
    expect(await web.outputs.sweep([jobDir])).toBe(0) // an hour is kept
    const expired = new KeptOutputs(3600, () => Date.now() + 3601_000)
    expect(await expired.sweep([jobDir])).toBe(1)
    expect(existsSync(workspaceImage(jobDir))).toBe(false)
    expect(isMountPoint(join(jobDir, 'kept'))).toBe(false)
    const gone = await send('/files/outputs/')
    expect(gone.status).toBe(404)
  })
})
