import { describe, expect, it } from 'vitest'
import { isAnonymousVisit } from './anonymous-visit'

const visit = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({
  method,
  url: `https://weft.example${url}`,
  headers: new Headers(headers),
})

describe('isAnonymousVisit', () => {
  it('is a plain GET of the marketplace with no cookie but the theme’s and no search', () => {
    expect(isAnonymousVisit(visit('/'))).toBe(true)
    expect(isAnonymousVisit(visit('/', { accept: 'text/html', 'user-agent': 'Mozilla/5.0' }))).toBe(true)
    expect(isAnonymousVisit(visit('/', { cookie: 'weft-theme=dark' }))).toBe(true)
    expect(isAnonymousVisit(visit('/', { cookie: ' weft-theme=light ;' }))).toBe(true)
  })

  it('is not a visit whose page depends on the visitor: any other cookie (saved wallet, session)', () => {
    expect(isAnonymousVisit(visit('/', { cookie: 'wagmi.store={}' }))).toBe(false)
    expect(isAnonymousVisit(visit('/', { cookie: 'weft-theme=dark; wagmi.store={}' }))).toBe(false)
    expect(isAnonymousVisit(visit('/', { cookie: 'weft-session=abc' }))).toBe(false)
    expect(isAnonymousVisit(visit('/', { cookie: 'weft-theme-x=dark' }))).toBe(false)
  })

  it('is not a search, another page, another method or the Next router’s own request', () => {
    expect(isAnonymousVisit(visit('/?gpu=H100'))).toBe(false)
    expect(isAnonymousVisit(visit('/?q=gpus%3E%3D2'))).toBe(false)
    expect(isAnonymousVisit(visit('/rentals'))).toBe(false)
    expect(isAnonymousVisit(visit('/', {}, 'HEAD'))).toBe(false)
    expect(isAnonymousVisit(visit('/', {}, 'POST'))).toBe(false)
    expect(isAnonymousVisit(visit('/', { rsc: '1' }))).toBe(false)
    expect(isAnonymousVisit(visit('/', { 'next-router-prefetch': '1' }))).toBe(false)
    expect(isAnonymousVisit(visit('/', { 'next-router-state-tree': '%5B%5D' }))).toBe(false)
  })
})
