import type { OfferAccess } from '@/lib/chain/offer-resources'

/** What the rent form says about this provider's runner, next to the fields it concerns. */
export type RunnerNotes = {
  /** Under "Interactive machine": how the renter reaches it. */
  interactive: string
  /** The SSH key field's hint. */
  sshKey: string
  /** The container image field's hint. */
  image: string
  /** A warning above the spec when the runner isolates nothing; undefined otherwise. */
  unisolated: string | undefined
}

const HOST_RUNNERS = {
  sandbox: "in a bubblewrap sandbox on the host's own system",
  process: "as plain processes on the host's own system, unisolated",
} as const

/**
 * The rent form's words for an offer's signed access and isolation: what the interactive machine
 * can be reached by, whether the SSH key is of any use, whether the image is, and a plain warning
 * when the job would run unisolated.
 */
export function runnerNotes({ access, isolation }: OfferAccess): RunnerNotes {
  const ssh = access.includes('ssh')
  const terminal = access.includes('terminal')
  const ways = [
    ...(ssh ? ['SSH (add your key below)'] : []),
    ...(terminal ? ['the web terminal on the rental page'] : []),
  ]
  const reach =
    ways.length > 0
      ? `No command: the machine stays up until the rental ends, for ${ways.join(' and ')}.`
      : 'No command: the machine stays up until the rental ends, but this provider gives neither SSH nor a web terminal to reach it.'
  const noSsh = ssh || ways.length === 0 ? '' : ' This provider runs no SSH gateway.'
  const image =
    isolation === 'container'
      ? 'This provider runs jobs in Docker containers: the job runs in this image, which an interactive machine needs with sh and sleep.'
      : `Not used by this provider: it runs jobs ${HOST_RUNNERS[isolation]}.`
  return {
    interactive: `${reach}${noSsh}`,
    sshKey: ssh
      ? "Optional: this provider's SSH gateway lets this key into the running machine."
      : `This provider runs no SSH gateway: a key here would not be used.${terminal ? ' The web terminal on the rental page reaches the machine instead.' : ''}`,
    image,
    unisolated:
      isolation === 'process'
        ? "This provider's runner isolates nothing: the job runs unisolated, as the agent's own user on the host, with access to everything that user can read. Such runners are allowed on local test chains only; send nothing secret."
        : undefined,
  }
}
