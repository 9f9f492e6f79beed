import { describe, expect, it } from 'vitest'
import { ANONYMOUS_MARKETPLACE, anonymousRendering } from './anonymous-visit'

const visit = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  anonymousRendering({ method, url: `https://weft.example${url}`, headers: new Headers(headers) })

const ID = `0x${'ab'.repeat(32)}`
const PROVIDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('anonymousRendering', () => {
  it('answers a plain GET of the marketplace with no cookie but the theme’s and no search from the shared one', () => {
    expect(visit('/')).toBe(ANONYMOUS_MARKETPLACE)
    expect(visit('/', { accept: 'text/html', 'user-agent': 'Mozilla/5.0' })).toBe(ANONYMOUS_MARKETPLACE)
    expect(visit('/', { cookie: 'weft-theme=dark' })).toBe(ANONYMOUS_MARKETPLACE)
    expect(visit('/', { cookie: ' weft-theme=light ;' })).toBe(ANONYMOUS_MARKETPLACE)
  })

  it('answers an offer’s page, named with its provider or without, from that offer’s shared one', () => {
    expect(visit(`/offers/${ID}?provider=${PROVIDER}`)).toBe(`/anonymous/offers/${ID}/${PROVIDER}`)
    expect(visit(`/offers/${ID}`, { cookie: 'weft-theme=dark' })).toBe(`/anonymous/offers/${ID}/any`)
  })

  it('renders for the visitor a page that depends on it: any other cookie (saved wallet, session)', () => {
    expect(visit('/', { cookie: 'wagmi.store={}' })).toBeUndefined()
    expect(visit('/', { cookie: 'weft-theme=dark; wagmi.store={}' })).toBeUndefined()
    expect(visit('/', { cookie: 'weft-session=abc' })).toBeUndefined()
    expect(visit('/', { cookie: 'weft-theme-x=dark' })).toBeUndefined()
    expect(visit(`/offers/${ID}?provider=${PROVIDER}`, { cookie: 'wagmi.store={}' })).toBeUndefined()
  })

  it('renders a search, an odd offer link, another page, another method or the Next router’s own request', () => {
    expect(visit('/?gpu=H100')).toBeUndefined()
    expect(visit('/?q=gpus%3E%3D2')).toBeUndefined()
    expect(visit('/rentals')).toBeUndefined()
    expect(visit(`/offers/${ID}?provider=${PROVIDER}&x=1`)).toBeUndefined()
    expect(visit(`/offers/${ID}?provider=bob`)).toBeUndefined()
    expect(visit(`/offers/${ID}?other=${PROVIDER}`)).toBeUndefined()
    expect(visit('/offers/0x12')).toBeUndefined()
    expect(visit(`/offers/${ID}/more`)).toBeUndefined()
    expect(visit('/', {}, 'HEAD')).toBeUndefined()
    expect(visit('/', {}, 'POST')).toBeUndefined()
    expect(visit('/', { rsc: '1' })).toBeUndefined()
    expect(visit('/', { 'next-router-prefetch': '1' })).toBeUndefined()
    expect(visit('/', { 'next-router-state-tree': '%5B%5D' })).toBeUndefined()
  })
})
