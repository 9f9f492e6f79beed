/**
 * The rent flow as a small state machine: connect → network → sign in → permit → rent. The first
 * three come from the wallet and the session (facts); the last two from what this page has done
 * (state). Each step has a status and, when it failed, the sentence saying why. The job spec travels
 * sealed in the rent transaction itself, so once it is mined nothing is left to do on this page.
 */
export type StepId = 'connect' | 'network' | 'sign-in' | 'permit' | 'rent'
export type StepStatus = 'waiting' | 'next' | 'working' | 'done' | 'failed'

export type FlowError = {
  step: StepId
  message: string
  /** What the renter can do about it, as an action the panel offers. */
  remedy?: 'retry' | 'switch-chain' | 'get-usdc' | 'shorter' | 'fresh-offer' | 'fix-spec'
}

export type Facts = { connected: boolean; chainOk: boolean; signedIn: boolean }

export type FlowState = {
  /** The step the page is working on (waiting for the wallet, the chain or the server). */
  busy: StepId | null
  /** Shown while busy: "Confirm in your wallet", "Waiting for block confirmation", … */
  activity?: string
  permitSigned: boolean
  txHash?: `0x${string}`
  rentalId?: string
  mined: boolean
  error?: FlowError
}

export type FlowAction =
  | { type: 'begin'; step: StepId; activity: string }
  | { type: 'permit-signed' }
  /** A permit is for one amount and one nonce: a new duration or a used nonce needs a new one. */
  | { type: 'permit-dropped' }
  | { type: 'sent'; txHash: `0x${string}`; rentalId: string }
  | { type: 'mined' }
  /** The sent rent was reverted: nothing was paid, the permit is unused (its nonce too). */
  | { type: 'reverted' }
  | { type: 'failed'; error: FlowError }
  | { type: 'idle' }
  | { type: 'resume'; txHash: `0x${string}`; rentalId: string; stage: 'sent' | 'mined' }

export const initialFlow: FlowState = { busy: null, permitSigned: false, mined: false }

export function flowReducer(state: FlowState, action: FlowAction): FlowState {
  switch (action.type) {
    case 'begin':
      return { ...state, busy: action.step, activity: action.activity, error: undefined }
    case 'permit-signed':
      return { ...state, permitSigned: true }
    case 'permit-dropped':
      return state.txHash ? state : { ...state, permitSigned: false }
    case 'sent':
      return { ...state, txHash: action.txHash, rentalId: action.rentalId }
    case 'reverted':
      return { ...state, txHash: undefined, rentalId: undefined, mined: false }
    case 'mined':
      return { ...state, mined: true, permitSigned: true }
    case 'failed':
      return { ...state, busy: null, activity: undefined, error: action.error }
    case 'idle':
      return { ...state, busy: null, activity: undefined }
    case 'resume':
      return {
        ...state,
        txHash: action.txHash,
        rentalId: action.rentalId,
        permitSigned: true,
        mined: action.stage === 'mined',
      }
  }
}

const stepIds: readonly StepId[] = ['connect', 'network', 'sign-in', 'permit', 'rent']

export type StepView = { id: StepId; status: StepStatus; error?: FlowError; activity?: string }

function isDone(id: StepId, facts: Facts, state: FlowState): boolean {
  // Once the rent is sent the wallet steps are history, even if the wallet disconnects meanwhile.
  const paid = state.mined || state.txHash !== undefined
  switch (id) {
    case 'connect':
      return paid || facts.connected
    case 'network':
      return paid || (facts.connected && facts.chainOk)
    case 'sign-in':
      return paid || (facts.connected && facts.signedIn)
    case 'permit':
      return paid || state.permitSigned
    case 'rent':
      return state.mined
  }
}

/** Every step's status: done ones, the one at work or failed, the next one, and those waiting. */
export function deriveSteps(facts: Facts, state: FlowState): StepView[] {
  let reachedCurrent = false
  return stepIds.map((id) => {
    if (isDone(id, facts, state)) return { id, status: 'done' }
    if (reachedCurrent) return { id, status: 'waiting' }
    reachedCurrent = true
    // Sealing, permit and rent run as one action: whichever is first undone shows the activity.
    if (state.busy !== null) return { id, status: 'working', activity: state.activity }
    if (state.error?.step === id) return { id, status: 'failed', error: state.error }
    return { id, status: 'next' }
  })
}

/** The first step not done yet, or undefined once the rent, and the job spec in it, is mined. */
export function currentStep(steps: readonly StepView[]): StepView | undefined {
  return steps.find((step) => step.status !== 'done')
}
