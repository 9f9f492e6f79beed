import { describe, expect, it } from 'vitest'
import { applyLiveEvents, initialLiveState, type LiveEvent, parseLiveEvent } from './live-events'

const parse = (name: string, data: unknown) => parseLiveEvent(name, JSON.stringify(data))
const events = (...list: (LiveEvent | null)[]) => list.filter((e): e is LiveEvent => e !== null)

describe('live rental events', () => {
  it('reads what the stream sends: status, logs and GPU samples', () => {
    const state = applyLiveEvents(
      initialLiveState,
      events(
        parse('status', {
          status: 'running',
          timeline: [],
          jobDelivered: true,
          gpuIndices: [4],
          startedAt: 5,
        }),
        parse('log', { seq: 0, at: 1, stream: 'stdout', text: 'step 1' }),
        parse('gpu', {
          source: 'simulated',
          timeMs: 10,
          index: 4,
          memoryMiB: 24576,
          memoryUsedMiB: 3,
          utilizationPct: 97,
          temperatureC: null,
        }),
      ),
    )
    expect(state.job?.status).toBe('running')
    expect(state.logs.lines.map((l) => l.text)).toEqual(['step 1'])
    expect(state.gpus.get(4)?.[0]?.utilizationPct).toBe(97)
  })

  it('skips data that is not what the event promises', () => {
    expect(parseLiveEvent('log', '{not json')).toBeNull()
    expect(parse('log', { seq: -1, at: 1, stream: 'stdout', text: 'x' })).toBeNull()
    expect(
      parse('gpu', { timeMs: 1, index: 0, memoryMiB: 1, memoryUsedMiB: 0, utilizationPct: 400 }),
    ).toBeNull()
    expect(parse('surprise', {})).toBeNull()
    // An unreadable status from the agent is "unknown", not a crash.
    expect(parse('status', { status: 42 })).toEqual({ type: 'status', job: null })
  })

  it('shows an agent outage until the agent is heard from again, and notes the end', () => {
    let state = applyLiveEvents(initialLiveState, events(parse('agent-error', { message: 'did not answer' })))
    expect(state.agentError).toBe('did not answer')
    state = applyLiveEvents(state, events(parse('log', { seq: 0, at: 1, stream: 'stderr', text: 'back' })))
    expect(state.agentError).toBeNull()
    expect(applyLiveEvents(state, events(parse('end', {}))).ended).toBe(true)
  })

  it('takes the latest indexed rental, including null before it is indexed', () => {
    const state = applyLiveEvents(initialLiveState, events(parse('rental', null)))
    expect(state.rental).toBeNull()
    expect(initialLiveState.rental).toBeUndefined()
  })
})
