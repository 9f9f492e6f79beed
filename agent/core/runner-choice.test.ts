import { describe, expect, it } from 'vitest'
import { ConfigError } from './config'
import { chooseRunner, type RunnerProbes } from './runner-choice'

const probes = (docker: boolean, bubblewrap: boolean): RunnerProbes & { asked: string[] } => {
  const asked: string[] = []
  return {
    asked,
    docker: async () => {
      asked.push('docker')
      return docker ? undefined : 'the docker daemon does not answer'
    },
    bubblewrap: async () => {
      asked.push('bubblewrap')
      return bubblewrap ? undefined : 'the sandbox runner must run as root'
    },
  }
}

describe('chooseRunner', () => {
  it('auto prefers Docker, then bubblewrap, and asks for bubblewrap only when Docker is out', async () => {
    const both = probes(true, true)
    expect(await chooseRunner({ runner: 'auto', chainId: 8453 }, both)).toMatchObject({ kind: 'container' })
    expect(both.asked).toEqual(['docker'])
    expect(await chooseRunner({ runner: 'auto', chainId: 8453 }, probes(false, true))).toMatchObject({
      kind: 'sandbox',
    })
  })

  it('auto with neither runs unisolated on a local chain only, saying what to install', async () => {
    const local = await chooseRunner({ runner: 'auto', chainId: 31337 }, probes(false, false))
    expect(local.kind).toBe('process')
    expect(local.reason).toMatch(/apt-get install docker\.io/)
    await expect(chooseRunner({ runner: 'auto', chainId: 8453 }, probes(false, false))).rejects.toThrow(
      /no isolating runner works on this host \(Docker: the docker daemon does not answer; sandbox: the sandbox runner must run as root\): install Docker/,
    )
  })

  it('refuses the process runner on any chain but a local one, naming what to use', async () => {
    const refused = chooseRunner({ runner: 'process', chainId: 8453 }, probes(true, true))
    await expect(refused).rejects.toBeInstanceOf(ConfigError)
    await expect(refused).rejects.toThrow(
      /allowed only on a local chain \(31337\), not on chain 8453.*"container"/,
    )
    expect(await chooseRunner({ runner: 'process', chainId: 31337 }, probes(true, true))).toMatchObject({
      kind: 'process',
    })
  })

  it('a named runner the host cannot run is refused rather than replaced', async () => {
    await expect(chooseRunner({ runner: 'container', chainId: 1 }, probes(false, true))).rejects.toThrow(
      /needs Docker, and the docker daemon does not answer/,
    )
    await expect(chooseRunner({ runner: 'sandbox', chainId: 1 }, probes(true, false))).rejects.toThrow(
      /cannot work here: the sandbox runner must run as root/,
    )
    expect(await chooseRunner({ runner: 'sandbox', chainId: 1 }, probes(true, true))).toMatchObject({
      kind: 'sandbox',
    })
  })
})
