import Link from 'next/link'
import { primaryButton, secondaryButton } from '@/components/button-styles'

const renterSteps = [
  {
    title: 'Pick an offer',
    body: 'Each offer is signed by the provider: GPU model and count, VRAM, region, price per hour and how long you may rent.',
  },
  {
    title: 'Deposit into escrow',
    body: 'One transaction locks the deposit for the hours you choose in the escrow contract, not with us or the provider.',
  },
  {
    title: 'Watch your job',
    body: 'Follow status, logs and GPU use. Pay accrues per second from the moment the job starts; stop early and the rest comes back.',
  },
]

const providerSteps = [
  {
    title: 'Run the agent',
    body: 'weft-agent runs next to your GPUs, reports what is free and signs offers at your prices.',
  },
  {
    title: 'Register with a stake',
    body: 'Register your agent’s endpoint on-chain with a stake that backs your promise to start jobs on time.',
  },
  {
    title: 'Get paid per second',
    body: 'The agent starts renters’ jobs, stops them when time runs out and claims what has accrued from escrow.',
  },
]

export default function HomePage() {
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-16 px-4 py-12 sm:py-16">
      <section aria-labelledby="hero-title" className="max-w-3xl">
        <h1 id="hero-title" className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
          Rent GPUs from independent providers. Pay by the second.
        </h1>
        <p className="mt-5 text-lg text-muted text-pretty">
          Weft is an open marketplace for GPU time. Your deposit goes into an on-chain escrow, the provider is
          paid per second only while your job runs, and whatever you do not use is refunded to you. The
          marketplace never holds anyone’s money.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <a href="#marketplace" className={primaryButton}>
            Browse GPUs
          </a>
          <Link href="/provide" className={secondaryButton}>
            Offer your GPUs
          </Link>
        </div>
      </section>

      <section aria-labelledby="how-title">
        <h2 id="how-title" className="text-2xl font-semibold tracking-tight">
          How it works
        </h2>
        <div className="mt-6 grid gap-6 md:grid-cols-2">
          <Steps heading="For renters" steps={renterSteps} />
          <Steps heading="For providers" steps={providerSteps} />
        </div>
      </section>

      <section id="marketplace" aria-labelledby="marketplace-title" className="scroll-mt-6">
        <h2 id="marketplace-title" className="text-2xl font-semibold tracking-tight">
          Marketplace
        </h2>
        <div className="mt-6 rounded-lg border border-dashed border-line bg-surface p-6 text-muted">
          <p className="font-medium text-fg">The live offer table is on its way.</p>
          <p className="mt-2 max-w-2xl text-pretty">
            It will list the signed offers of every registered provider, refreshed as their agents report,
            with search such as{' '}
            <code className="rounded bg-subtle px-1.5 py-0.5 font-mono text-sm text-fg">
              gpu=H100 gpus&gt;=2 price&lt;3
            </code>
            , filters and sorting. Until it ships there is nothing to show here, and we would rather show
            nothing than made-up offers.
          </p>
        </div>
      </section>
    </div>
  )
}

type Step = { title: string; body: string }

function Steps({ heading, steps }: { heading: string; steps: readonly Step[] }) {
  return (
    <div className="rounded-lg border border-line bg-surface p-6">
      <h3 className="font-semibold">{heading}</h3>
      <ol className="mt-4 flex flex-col gap-4">
        {steps.map((step, index) => (
          <li key={step.title} className="flex gap-3">
            <span
              aria-hidden="true"
              className="flex size-7 shrink-0 items-center justify-center rounded-full bg-subtle text-sm font-semibold text-accent-text"
            >
              {index + 1}
            </span>
            <div>
              <p className="font-medium">{step.title}</p>
              <p className="mt-1 text-sm text-muted text-pretty">{step.body}</p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  )
}
