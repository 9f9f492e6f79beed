import { describe, expect, it } from 'vitest'
import { isFirstVisit } from './first-visit'

const visit = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({
  method,
  url: `https://weft.example${url}`,
  headers: new Headers(headers),
})

describe('isFirstVisit', () => {
  it('is a plain GET of the marketplace with no cookie and no search', () => {
    expect(isFirstVisit(visit('/'))).toBe(true)
    expect(isFirstVisit(visit('/', { accept: 'text/html', 'user-agent': 'Mozilla/5.0' }))).toBe(true)
  })

  it('is not a visit whose page depends on the visitor: any cookie (theme, saved wallet, session)', () => {
    expect(isFirstVisit(visit('/', { cookie: 'weft-theme=dark' }))).toBe(false)
    expect(isFirstVisit(visit('/', { cookie: 'wagmi.store={}' }))).toBe(false)
  })

  it('is not a search, another page, another method or the Next router’s own request', () => {
    expect(isFirstVisit(visit('/?gpu=H100'))).toBe(false)
    expect(isFirstVisit(visit('/?q=gpus%3E%3D2'))).toBe(false)
    expect(isFirstVisit(visit('/rentals'))).toBe(false)
    expect(isFirstVisit(visit('/', {}, 'HEAD'))).toBe(false)
    expect(isFirstVisit(visit('/', {}, 'POST'))).toBe(false)
    expect(isFirstVisit(visit('/', { rsc: '1' }))).toBe(false)
    expect(isFirstVisit(visit('/', { 'next-router-prefetch': '1' }))).toBe(false)
    expect(isFirstVisit(visit('/', { 'next-router-state-tree': '%5B%5D' }))).toBe(false)
  })
})
