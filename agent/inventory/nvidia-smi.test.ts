import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { GpuDevice } from './gpu-device'
import { GPU_QUERY_ARGS, GPU_QUERY_FIELDS, parseGpuQuery } from './nvidia-smi'
import { NvidiaSmiParseError } from './nvidia-smi-csv'

const capture = readFileSync(new URL('./fixtures/h100-query-gpu.csv', import.meta.url), 'utf8')
const [header = '', row = ''] = capture.trim().split('\n')
/** `--format=csv,nounits`: values lose their units, the header keeps its bracketed ones. */
const stripUnits = (text: string): string => text.replace(/ (MiB|%|W|MHz)(?=,|$)/gm, '')
/** Replaces one field of the captured data line (by query field name). */
const withField = (field: string, value: string, line = row): string =>
  line
    .split(', ')
    .map((cell, i) => (GPU_QUERY_FIELDS[i] === field ? value : cell))
    .join(', ')

const h100: GpuDevice = {
  index: 0,
  uuid: 'GPU-d296ebc8-a27d-61db-3a95-f1badcffb5ad',
  name: 'NVIDIA H100 80GB HBM3',
  model: expect.objectContaining({ id: 'H100-SXM-80GB', name: 'H100 SXM 80GB' }),
  memoryMiB: 81559,
  memoryUsedMiB: 0,
  memoryFreeMiB: 81079,
  utilizationPct: 0,
  memoryUtilizationPct: 0,
  temperatureC: 37,
  powerW: 124.17,
  powerLimitW: 700,
  pciBusId: '00000000:00:06.0',
  driverVersion: '580.159.04',
  computeCapability: '9.0',
  maxSmClockMHz: 1980,
  migMode: 'disabled',
}

describe('parseGpuQuery', () => {
  it('runs the very query the capture was taken with', () => {
    const names = header.split(', ').map((cell) => cell.replace(/ \[.*\]$/, ''))
    expect(names).toEqual([...GPU_QUERY_FIELDS])
    expect(GPU_QUERY_ARGS).toEqual([`--query-gpu=${names.join(',')}`, '--format=csv,noheader,nounits'])
  })

  it('parses the real H100 capture (header and units)', () => {
    expect(parseGpuQuery(capture)).toEqual([h100])
  })

  it('parses the same output without header and units, and with CRLF line ends', () => {
    expect(parseGpuQuery(`${stripUnits(row)}\n`)).toEqual([h100])
    expect(parseGpuQuery(`${header}\r\n${stripUnits(row)}\r\n`)).toEqual([h100])
  })

  it('reads several GPUs, keeps an unknown name as reported with no model', () => {
    const gpu = (index: string, name?: string) => {
      const line = withField(
        'uuid',
        `GPU-00000000-0000-0000-0000-00000000000${index}`,
        withField('index', index),
      )
      return name === undefined ? line : withField('name', name, line)
    }
    const [second, third] = [gpu('1'), gpu('2', 'NVIDIA H900 192GB')]
    const devices = parseGpuQuery([header, row, second, third].join('\n'))
    expect(devices.map((d) => [d.index, d.model?.id ?? null, d.name])).toEqual([
      [0, 'H100-SXM-80GB', 'NVIDIA H100 80GB HBM3'],
      [1, 'H100-SXM-80GB', 'NVIDIA H100 80GB HBM3'],
      [2, null, 'NVIDIA H900 192GB'],
    ])
  })

  it('reads [N/A] and [Not Supported] as null, never as zero', () => {
    let line = withField('power.draw', '[N/A]')
    line = withField('utilization.gpu', '[Not Supported]', line)
    line = withField('mig.mode.current', '[N/A]', line)
    line = withField('compute_cap', '[N/A]', line)
    const [device] = parseGpuQuery(stripUnits(line))
    expect(device).toMatchObject({
      powerW: null,
      utilizationPct: null,
      migMode: null,
      computeCapability: null,
    })
    expect(device?.memoryUtilizationPct).toBe(0)
  })

  it('reads MIG mode Enabled', () => {
    expect(parseGpuQuery(withField('mig.mode.current', 'Enabled'))[0]?.migMode).toBe('enabled')
  })
})

describe('parseGpuQuery on malformed output', () => {
  const cases: [what: string, output: string, line: number | null, field: string | null, message: RegExp][] =
    [
      ['empty output', '', null, null, /lists no GPUs/],
      ['a header and no GPU', `${header}\n`, null, null, /lists no GPUs/],
      [
        'an error message',
        'No devices were found\n',
        1,
        null,
        /expected 16 fields, found 1: "No devices were found"/,
      ],
      ['a missing column', row.split(', ').slice(0, -1).join(', '), 1, null, /expected 16 fields, found 15/],
      [
        'text for memory',
        `${header}\n${withField('memory.total', 'lots MiB')}`,
        2,
        'memory.total',
        /whole number in MiB/,
      ],
      ['memory in the wrong unit', withField('memory.total', '80 GiB'), 1, 'memory.total', /found "80 GiB"/],
      [
        'no total memory',
        withField('memory.total', '[N/A]'),
        1,
        'memory.total',
        /required but reads \[N\/A\]/,
      ],
      ['a negative index', withField('index', '-1'), 1, 'index', /whole number/],
      ['a malformed power', withField('power.draw', '124.17.5 W'), 1, 'power.draw', /number in W/],
      ['a bad uuid', withField('uuid', 'd296ebc8'), 1, 'uuid', /GPU-… uuid/],
      [
        'an unknown MIG mode',
        withField('mig.mode.current', 'Pending'),
        1,
        'mig.mode.current',
        /Enabled or Disabled/,
      ],
      ['an empty name', withField('name', ''), 1, 'name', /is empty/],
      ['a repeated GPU', `${row}\n${row}`, 2, null, /repeats GPU 0/],
      [
        'a reordered header',
        `${header.replace('index, uuid', 'uuid, index')}\n${row}`,
        1,
        'index',
        /column 1/,
      ],
      [
        'a header in other units',
        `${header.replace('memory.used [MiB]', 'memory.used [GiB]')}\n${row}`,
        1,
        'memory.used',
        /\[GiB\]/,
      ],
    ]

  it.each(cases)('rejects %s', (_what, output, line, field, message) => {
    const error = captureError(() => parseGpuQuery(output))
    expect(error).toBeInstanceOf(NvidiaSmiParseError)
    expect(error).toMatchObject({ line, field, message: expect.stringMatching(message) })
  })
})

function captureError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}
