import { describe, expect, it } from 'vitest'
import { containerCommands, containerEnv, dockerCreateArgs, envFileText, gpuArgs } from './container-args'
import { firewallRules } from './jobs-network'

const input = {
  rentalId: '42',
  image: 'ghcr.io/acme/train:1.2',
  command: ['python', 'train.py', '--epochs', '3'],
  resources: { cpus: 1.5, memoryMiB: 3072, diskMiB: 10_240, pids: 512 },
  gpuIndices: [0, 1],
  runtimes: ['runc', 'nvidia'],
  workspaceDir: '/var/lib/weft/jobs/42/work',
  envFile: '/var/lib/weft/jobs/42/container.env',
}

describe('dockerCreateArgs', () => {
  it('builds the exact docker create argv from the rented share, image and command last', () => {
    // biome-ignore format: one flag and its value per line reads better
    expect(dockerCreateArgs(input)).toEqual([
      'create', '--rm', '--name', 'weft-42', '--label', 'weft.rental=42',
      '--env-file', '/var/lib/weft/jobs/42/container.env',
      '--gpus', '"device=0,1"',
      '--cpus', '1.5', '--memory', '3072m', '--memory-swap', '3072m', '--pids-limit', '512',
      '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--user', '64000:64000',
      '--read-only', '--tmpfs', '/tmp:rw,nosuid,nodev,size=3072m,mode=1777',
      '--ipc', 'private', '--shm-size', '3072m',
      '--mount', 'type=bind,source=/var/lib/weft/jobs/42/work,target=/workspace',
      '--workdir', '/workspace', '--network', 'weft-jobs', '--log-driver', 'none',
      '--', 'ghcr.io/acme/train:1.2', 'python', 'train.py', '--epochs', '3',
    ])
  })

  it('never puts an environment value on the command line', () => {
    const args = dockerCreateArgs(input)
    expect(args.filter((a) => a === '-e' || a === '--env' || a.startsWith('--env='))).toEqual([])
  })

  it('refuses a workspace path that would break docker --mount syntax', () => {
    expect(() => dockerCreateArgs({ ...input, workspaceDir: '/data/a,readonly=false' })).toThrow(
      /workspace path cannot be passed/,
    )
  })
})

describe('gpuArgs', () => {
  it('passes the rented GPUs only where the NVIDIA runtime is installed', () => {
    expect(gpuArgs([3], ['runc', 'nvidia'])).toEqual(['--gpus', '"device=3"'])
    expect(gpuArgs([0, 2], ['io.containerd.runc.v2', 'runc'])).toEqual([])
    expect(gpuArgs([], ['nvidia'])).toEqual([])
  })
})

describe('containerEnv and envFileText', () => {
  it("sets HOME and the rental, keeps GPU visibility out of the renter's hands", () => {
    const env = containerEnv(
      '7',
      { HOME: '/workspace/me', NVIDIA_VISIBLE_DEVICES: 'all', WEFT_RENTAL_ID: '1', A: 'x y' },
      false,
    )
    expect(env).toEqual({
      HOME: '/workspace/me',
      A: 'x y',
      NVIDIA_VISIBLE_DEVICES: 'void',
      WEFT_RENTAL_ID: '7',
    })
    expect(containerEnv('7', { NVIDIA_VISIBLE_DEVICES: 'all' }, true)).toEqual({
      HOME: '/workspace',
      WEFT_RENTAL_ID: '7',
    })
  })

  it('writes one NAME=value a line and refuses a value with a line break', () => {
    expect(envFileText({ A: 'b=c', EMPTY: '', SP: ' padded ' })).toBe('A=b=c\nEMPTY=\nSP= padded \n')
    expect(() => envFileText({ KEY: 'line1\nLINE2=injected' })).toThrow(/KEY holds a line break/)
    expect(() => envFileText({ KEY: 'x\r' })).toThrow(/line break/)
  })
})

describe('containerCommands', () => {
  it('attaches with docker start, stops with the grace in whole seconds, then kills', () => {
    expect(containerCommands('7', 1500, '/usr/bin/docker')).toEqual({
      argv: ['/usr/bin/docker', 'start', '--attach', 'weft-7'],
      stopArgv: ['/usr/bin/docker', 'stop', '--time', '2', 'weft-7'],
      killArgv: ['/usr/bin/docker', 'kill', 'weft-7'],
    })
  })
})

describe('firewallRules', () => {
  it('lets replies and DNS to a private host resolver through, rejects private ranges and the host', () => {
    const rules = firewallRules(['10.255.255.53', '1.1.1.1', '::1'])
    const forward = rules.filter((r) => r.chain === 'WEFT-JOBS-FORWARD').map((r) => r.rule.join(' '))
    expect(forward[0]).toBe('-m conntrack --ctstate ESTABLISHED,RELATED -j RETURN')
    expect(forward.slice(1, 3)).toEqual([
      '-d 10.255.255.53/32 -p udp -m udp --dport 53 -j RETURN',
      '-d 10.255.255.53/32 -p tcp -m tcp --dport 53 -j RETURN',
    ])
    for (const range of [
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '100.64.0.0/10',
      '169.254.0.0/16',
    ]) {
      expect(forward).toContain(`-d ${range} -j REJECT`)
    }
    expect(forward.some((r) => r.includes('1.1.1.1'))).toBe(false) // public: no exception needed
    const input = rules.filter((r) => r.chain === 'WEFT-JOBS-INPUT').map((r) => r.rule.join(' '))
    expect(input).toEqual(['-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT', '-j REJECT'])
  })
})
