import { describe, expect, it } from 'vitest'
import {
  clearPending,
  loadDraft,
  loadPending,
  type PendingRental,
  type StorageLike,
  saveDraft,
  savePending,
} from './rent-storage'

function memoryStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  }
}

const draft = {
  interactive: false,
  script: 'nvidia-smi',
  image: '',
  env: 'A=1',
  sshPublicKey: '',
  proxyPathPorts: '',
  onExit: 'keep' as const,
}
const pending: PendingRental = {
  rentalId: '123',
  txHash: `0x${'ab'.repeat(32)}`,
  chainId: 31337,
  provider: '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  offerId: `0x${'CD'.repeat(32)}`,
  deposit: '440000',
  duration: 3600,
  stage: 'mined',
}

describe('rent storage', () => {
  it('keeps the draft per offer and lends the latest to an offer never typed for', () => {
    const storage = memoryStorage()
    saveDraft(storage, '0xAA', draft, '2')
    expect(loadDraft(storage, '0xaa')).toEqual({ draft, hours: '2' })
    // A re-signed offer (new id) starts from what was typed last.
    expect(loadDraft(storage, '0xbb')).toEqual({ draft, hours: '2' })
    saveDraft(storage, '0xbb', { ...draft, script: 'other' }, '1')
    expect(loadDraft(storage, '0xaa')?.draft.script).toBe('nvidia-smi')
  })

  it('reads a draft saved before the on-exit and interactive choices with their defaults', () => {
    const storage = memoryStorage()
    const { onExit: _, interactive: __, ...older } = draft
    storage.setItem('weft:job-draft:0xaa', JSON.stringify({ draft: older, hours: '1' }))
    expect(loadDraft(storage, '0xaa')?.draft).toEqual({ ...older, interactive: false, onExit: 'finish' })
  })

  it('remembers a sent rental until cleared, whatever the id case', () => {
    const storage = memoryStorage()
    savePending(storage, pending)
    expect(loadPending(storage, pending.offerId.toLowerCase())).toEqual(pending)
    clearPending(storage, pending.offerId)
    expect(loadPending(storage, pending.offerId)).toBeUndefined()
  })

  it('ignores what it cannot read, and works without storage', () => {
    const storage = memoryStorage()
    storage.setItem('weft:job-draft:latest', '{not json')
    // A rent remembered before specs were sealed on-chain, waiting to deliver: nothing left to do.
    storage.setItem(
      `weft:rental:${pending.offerId.toLowerCase()}`,
      JSON.stringify({ ...pending, stage: 'delivered' }),
    )
    expect(loadDraft(storage, '0xaa')).toBeUndefined()
    expect(loadPending(storage, pending.offerId)).toBeUndefined()
    expect(loadDraft(undefined, '0xaa')).toBeUndefined()
    const full: StorageLike = {
      ...storage,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
    }
    expect(() => saveDraft(full, '0xaa', draft, '1')).not.toThrow()
  })
})
