import { describe, expect, it, vi } from 'vitest'
import { ApiError, errorResponse } from './api-error'

describe('errorResponse', () => {
  it('maps typed errors to their status with code and message', async () => {
    const response = errorResponse(new ApiError('forbidden', 'This rental belongs to another account.'))
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({
      error: { code: 'forbidden', message: 'This rental belongs to another account.' },
    })
  })

  it('answers 503 when the database is down, and 500 without details for anything else', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    const restarting = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    })
    for (const error of [down, restarting]) {
      const response = errorResponse(error)
      expect(response.status).toBe(503)
      expect(JSON.stringify(await response.json())).not.toContain('5432')
    }
    const bug = errorResponse(new TypeError('secret internals at /srv/app.js:12'))
    expect(bug.status).toBe(500)
    expect(JSON.stringify(await bug.json())).not.toContain('secret')
    log.mockRestore()
  })
})
