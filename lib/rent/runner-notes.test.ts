import { describe, expect, it } from 'vitest'
import { runnerNotes } from './runner-notes'

describe('runnerNotes', () => {
  it('offers SSH and the terminal where the provider gives both, in containers', () => {
    const notes = runnerNotes({ access: ['ssh', 'terminal', 'ports', 'files'], isolation: 'container' })
    expect(notes.interactive).toBe(
      'No command: the machine stays up until the rental ends, for SSH (add your key below) and the web terminal on the rental page.',
    )
    expect(notes.sshKey).toContain("this provider's SSH gateway lets this key in")
    expect(notes.image).toContain('runs jobs in Docker containers')
    expect(notes.unisolated).toBeUndefined()
  })

  it('says the SSH key goes unused where the provider runs no SSH gateway', () => {
    const notes = runnerNotes({ access: ['terminal', 'ports', 'files'], isolation: 'sandbox' })
    expect(notes.interactive).toBe(
      'No command: the machine stays up until the rental ends, for the web terminal on the rental page. This provider runs no SSH gateway.',
    )
    expect(notes.sshKey).toBe(
      'This provider runs no SSH gateway: a key here would not be used. The web terminal on the rental page reaches the machine instead.',
    )
    expect(notes.image).toBe(
      "Not used by this provider: it runs jobs in a bubblewrap sandbox on the host's own system.",
    )
  })

  it('says when nothing reaches an interactive machine', () => {
    const notes = runnerNotes({ access: ['files'], isolation: 'sandbox' })
    expect(notes.interactive).toContain('gives neither SSH nor a web terminal')
    expect(notes.sshKey).toBe('This provider runs no SSH gateway: a key here would not be used.')
  })

  it('says plainly that a process runner leaves the job unisolated', () => {
    const notes = runnerNotes({ access: ['ssh', 'terminal', 'ports', 'files'], isolation: 'process' })
    expect(notes.unisolated).toContain('the job runs unisolated')
    expect(notes.image).toBe(
      "Not used by this provider: it runs jobs as plain processes on the host's own system, unisolated.",
    )
  })
})
