import { describe, expect, it } from 'vitest'
import { draftToSpec, emptyDraft, parseEnvLines, specToDraft } from './job-spec-draft'
import { jobTemplates } from './job-templates'

describe('job spec draft', () => {
  it('runs the script with sh -c and reads NAME=value lines', () => {
    const result = draftToSpec({
      ...emptyDraft,
      script: '  python3 train.py --epochs 3  ',
      env: '# comment\nEPOCHS=3\n\nURL=https://x.test/?a=b=c',
    })
    expect(result).toEqual({
      ok: true,
      spec: {
        command: ['sh', '-c', 'python3 train.py --epochs 3'],
        env: { EPOCHS: '3', URL: 'https://x.test/?a=b=c' },
        onExit: 'finish',
      },
    })
  })

  it('carries the on-exit choice into the spec and back', () => {
    const result = draftToSpec({ ...emptyDraft, script: 'jupyter lab', onExit: 'keep' })
    expect(result.ok && result.spec.onExit).toBe('keep')
    if (result.ok) expect(specToDraft(result.spec).onExit).toBe('keep')
    // The default is to end the rental when the program does, refunding what is left.
    expect(emptyDraft.onExit).toBe('finish')
  })

  it('names the field that is wrong, in a sentence', () => {
    expect(draftToSpec(emptyDraft)).toEqual({
      ok: false,
      errors: { script: 'Enter the command to run, or pick a template.' },
    })
    expect(parseEnvLines('A=1\nA=2')).toEqual({ error: 'A is set twice (line 2).' })
    expect(parseEnvLines('just words')).toEqual({ error: 'Line 1 needs the form NAME=value.' })
    const bad = draftToSpec({
      interactive: false,
      script: 'true',
      image: 'Not An Image',
      env: '1X=2',
      sshPublicKey: 'hello',
      proxyPathPorts: '8888, 70000',
      onExit: 'finish',
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.errors.proxyPathPorts).toBe('"70000" is not a port: use 1 to 65535.')
      expect(bad.errors.script).toBeUndefined()
    }
    // Once the ports read, the schema's own checks name the other fields.
    const schemaBad = draftToSpec({
      ...emptyDraft,
      script: 'true',
      image: 'Not An Image',
      env: '1X=2',
      sshPublicKey: 'hello',
    })
    expect(schemaBad.ok).toBe(false)
    if (!schemaBad.ok) {
      expect(schemaBad.errors.env).toMatch(/letters, digits and _/)
      expect(schemaBad.errors.image).toMatch(/container image reference\.$/)
      expect(schemaBad.errors.sshPublicKey).toMatch(/OpenSSH public key\.$/)
    }
  })

  it('keeps an SSH key and image, and reads a spec back into the same draft', () => {
    const draft = {
      interactive: false,
      script: 'echo hi\nsleep 5',
      image: 'pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime',
      env: 'A=1\nB=two words',
      sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7 me@laptop',
      proxyPathPorts: '8888, 6006',
      onExit: 'keep' as const,
    }
    const result = draftToSpec(draft)
    expect(result.ok).toBe(true)
    if (result.ok) expect(specToDraft(result.spec)).toEqual(draft)
  })

  it('every template fills a spec the schema accepts, with a fresh secret where it needs one', () => {
    const onExit: Record<string, string> = {}
    let n = 0
    const secret = () => `token${++n}`
    for (const template of jobTemplates) {
      const result = draftToSpec({ ...template.fill(secret), sshPublicKey: '' })
      expect(result.ok, template.id).toBe(true)
      if (!result.ok) continue
      if (template.id === 'interactive') expect(result.spec.command).toBeUndefined()
      else expect(result.spec.command?.slice(0, 2)).toEqual(['sh', '-c'])
      expect(result.spec.image).toBeTruthy()
      onExit[template.id] = result.spec.onExit
    }
    const jupyter = jobTemplates.find((t) => t.id === 'jupyter')
    expect(jupyter?.fill(secret).env).toBe('JUPYTER_TOKEN=token2')
    // Servers are meant to stay up: if one exits, the renter still has the machine to look why.
    expect(onExit).toEqual({
      interactive: 'keep',
      'pytorch-shell': 'keep',
      jupyter: 'keep',
      inference: 'keep',
    })
  })

  it('an interactive draft has no command, needs no script, keeps the machine and reads back', () => {
    const draft = { ...emptyDraft, interactive: true, script: 'kept for later', onExit: 'finish' as const }
    const result = draftToSpec(draft)
    expect(result).toEqual({ ok: true, spec: { env: {}, onExit: 'keep' } })
    if (result.ok) {
      expect(specToDraft(result.spec)).toEqual({ ...emptyDraft, interactive: true, onExit: 'keep' })
    }
    // Switching back to a command needs one again.
    expect(draftToSpec({ ...draft, interactive: false, script: '' }).ok).toBe(false)
  })
})
