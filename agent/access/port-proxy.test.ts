import { describe, expect, it } from 'vitest'
import { listeningPorts } from './job-ports'
import { parsePort, rewriteLocation, scopeCookie, upstreamHeaders, upstreamPath } from './port-proxy'
import { cookieOf, cookiesWithout, tokenOf } from './web-access'
import { workspacePath } from './workspace-files'

const PREFIX = '/v1/rentals/7/ports/8000'

describe('the port proxy’s request and answer rewriting', () => {
  it('accepts ports 1–65535 written plainly, and nothing else', () => {
    expect(parsePort('1')).toBe(1)
    expect(parsePort('65535')).toBe(65_535)
    for (const bad of ['0', '65536', '080', '1e3', '', ' 80', '-1', undefined]) {
      expect(() => parsePort(bad)).toThrow(/1 to 65535/)
    }
  })

  it('asks the job’s server for the path and query, less the token', () => {
    const url = new URL('http://agent/v1/rentals/7/ports/8000/v1/models?token=wat1.x.y&limit=2')
    expect(upstreamPath('/v1/models', url)).toBe('/v1/models?limit=2')
    expect(upstreamPath('', new URL('http://agent/x?token=a'))).toBe('/')
  })

  it('forwards no credential of the agent’s and no hop-by-hop header', () => {
    // As Node hands them over: names in lower case.
    const headers = {
      authorization: 'Bearer wat1.a.b',
      cookie: 'weft_access=wat1.a.b; session=s1',
      connection: 'keep-alive',
      'transfer-encoding': 'chunked',
      accept: 'text/event-stream',
      host: 'agent.example.com',
    }
    expect(upstreamHeaders(headers, 8000)).toEqual({
      accept: 'text/event-stream',
      cookie: 'session=s1',
      host: '127.0.0.1:8000',
    })
    expect(upstreamHeaders({ cookie: 'weft_access=t' }, 80)).toEqual({ host: '127.0.0.1:80' })
  })

  it('keeps redirects to the job’s own root under the prefix and passes others as they are', () => {
    expect(rewriteLocation('/login?next=/', PREFIX, 8000)).toBe(`${PREFIX}/login?next=/`)
    expect(rewriteLocation('http://127.0.0.1:8000/a', PREFIX, 8000)).toBe(`${PREFIX}/a`)
    expect(rewriteLocation('http://localhost:8000', PREFIX, 8000)).toBe(`${PREFIX}/`)
    expect(rewriteLocation('http://127.0.0.1:9000/a', PREFIX, 8000)).toBe('http://127.0.0.1:9000/a')
    expect(rewriteLocation('//evil.example/a', PREFIX, 8000)).toBe('//evil.example/a')
    expect(rewriteLocation('relative', PREFIX, 8000)).toBe('relative')
  })

  it('scopes the job’s cookies to the prefix on the agent’s host', () => {
    expect(scopeCookie('a=1; Path=/app; Domain=example.com; HttpOnly', PREFIX)).toBe(
      `a=1; HttpOnly; Path=${PREFIX}/app`,
    )
    expect(scopeCookie('a=1', PREFIX)).toBe(`a=1; Path=${PREFIX}/`)
  })

  it('finds the access token in the bearer, the query, then the cookie', () => {
    const url = new URL('http://agent/x?token=q')
    expect(tokenOf(url, new Headers({ authorization: 'Bearer h', cookie: 'weft_access=c' }))).toBe('h')
    expect(tokenOf(url, new Headers({ cookie: 'weft_access=c' }))).toBe('q')
    expect(tokenOf(new URL('http://agent/x'), new Headers({ cookie: 'a=1; weft_access=c' }))).toBe('c')
    expect(tokenOf(new URL('http://agent/x'), new Headers())).toBeUndefined()
    expect(cookieOf('weft_accessX=1', 'weft_access')).toBeUndefined()
    expect(cookiesWithout('weft_access=1', 'weft_access')).toBeUndefined()
  })
})

describe('listening ports from /proc/net/tcp', () => {
  it('keeps LISTEN sockets only, each port once', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1',
      '   1: 0100007F:1F40 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 2',
      '   0: 00000000000000000000000001000000:1F40 00000000000000000000000000000000:0000 0A 0',
      '   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3',
    ].join('\n')
    expect(listeningPorts(text)).toEqual([22, 8000])
  })
})

describe('workspace paths', () => {
  it('accepts relative paths and refuses . and .. segments and control characters', () => {
    expect(workspacePath('a/b%20c.txt')).toBe('a/b c.txt')
    expect(workspacePath('')).toBe('')
    for (const bad of ['..', 'a/../b', '%2E%2E/x', 'a/./b', 'a%0Ab', 'a%00', '%E0%A4%A']) {
      expect(() => workspacePath(bad)).toThrow()
    }
  })
})
