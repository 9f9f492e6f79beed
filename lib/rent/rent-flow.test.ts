import { describe, expect, it } from 'vitest'
import { currentStep, deriveSteps, type Facts, type FlowState, flowReducer, initialFlow } from './rent-flow'

const ready: Facts = { connected: true, chainOk: true, signedIn: true }
const statuses = (facts: Facts, state: FlowState) =>
  deriveSteps(facts, state).map((s) => `${s.id}:${s.status}`)

describe('rent flow', () => {
  it('walks the wallet steps in order from what the wallet and session say', () => {
    const none = { connected: false, chainOk: false, signedIn: false }
    expect(statuses(none, initialFlow)).toEqual([
      'connect:next',
      'network:waiting',
      'sign-in:waiting',
      'permit:waiting',
      'rent:waiting',
    ])
    expect(currentStep(deriveSteps({ ...none, connected: true }, initialFlow))?.id).toBe('network')
    expect(currentStep(deriveSteps({ ...ready, signedIn: false }, initialFlow))?.id).toBe('sign-in')
    expect(currentStep(deriveSteps(ready, initialFlow))?.id).toBe('permit')
  })

  it('shows the step at work with its activity, then the failure on the step that failed', () => {
    let state = flowReducer(initialFlow, { type: 'begin', step: 'permit', activity: 'Sign the permit' })
    expect(deriveSteps(ready, state)[3]).toEqual({
      id: 'permit',
      status: 'working',
      activity: 'Sign the permit',
    })
    state = flowReducer(state, { type: 'permit-signed' })
    state = flowReducer(state, { type: 'begin', step: 'rent', activity: 'Confirm the transaction' })
    expect(statuses(ready, state).slice(3)).toEqual(['permit:done', 'rent:working'])
    state = flowReducer(state, {
      type: 'failed',
      error: { step: 'rent', message: 'You declined the request in your wallet.', remedy: 'retry' },
    })
    const rent = deriveSteps(ready, state)[4]
    expect(rent?.status).toBe('failed')
    expect(rent?.error?.message).toBe('You declined the request in your wallet.')
    // The signed permit is kept: a retry sends the transaction without a second signature.
    expect(state.permitSigned).toBe(true)
  })

  it('drops a permit when the amount changes, but never once the rent is sent', () => {
    const signed = flowReducer(initialFlow, { type: 'permit-signed' })
    expect(flowReducer(signed, { type: 'permit-dropped' }).permitSigned).toBe(false)
    const sent = flowReducer(signed, { type: 'sent', txHash: '0x01', rentalId: '7' })
    expect(flowReducer(sent, { type: 'permit-dropped' }).permitSigned).toBe(true)
  })

  it('once the rent is mined nothing is left, even after the wallet disconnects', () => {
    const gone = { connected: false, chainOk: false, signedIn: false }
    const sentOnly = flowReducer(initialFlow, {
      type: 'resume',
      txHash: '0x01',
      rentalId: '7',
      stage: 'sent',
    })
    // A rent sent before a reload: only its mining is awaited, whatever the wallet says now.
    expect(statuses(gone, sentOnly)).toEqual([
      'connect:done',
      'network:done',
      'sign-in:done',
      'permit:done',
      'rent:next',
    ])
    const mined = flowReducer(sentOnly, { type: 'mined' })
    expect(currentStep(deriveSteps(gone, mined))).toBeUndefined()
    const resumedMined = flowReducer(initialFlow, {
      type: 'resume',
      txHash: '0x01',
      rentalId: '7',
      stage: 'mined',
    })
    expect(currentStep(deriveSteps(gone, resumedMined))).toBeUndefined()
  })

  it('forgets a reverted rent: the rent step is offered again, and a new amount drops the permit', () => {
    let state = flowReducer(initialFlow, { type: 'permit-signed' })
    state = flowReducer(state, { type: 'sent', txHash: '0x01', rentalId: '7' })
    state = flowReducer(state, { type: 'reverted' })
    expect(state.txHash).toBeUndefined()
    expect(currentStep(deriveSteps(ready, state))?.id).toBe('rent')
    expect(flowReducer(state, { type: 'permit-dropped' }).permitSigned).toBe(false)
  })
})
