import 'server-only'
import {
  type Address,
  BaseError,
  ExecutionRevertedError,
  encodeDeployData,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  type Hex,
  hashMessage,
  isAddressEqual,
  type PublicClient,
  RawContractError,
  recoverMessageAddress,
} from 'viem'

/** valid; invalid (a wrong signature); malformed (not hex bytes); unavailable (the chain did not answer). */
export type SignatureVerdict = 'valid' | 'invalid' | 'malformed' | 'unavailable'

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})+$/

/**
 * Whether `address` signed `message` (EIP-191). An externally owned account is recovered offline,
 * with no RPC. Anything else goes to the chain through the ERC-6492 universal validator, run as a
 * deployless eth_call: it asks a deployed contract wallet (ERC-1271), deploys a counterfactual one
 * first (ERC-6492), or recovers. viem's `verifyMessage` runs the same validator but reports a
 * failed RPC as an invalid signature; here only a revert or a false answer is "invalid", and every
 * other failure is "unavailable", so an outage is a 503 and never mistaken for a verdict.
 */
export async function verifyMessageSignature(
  chain: PublicClient,
  { address, message, signature }: { address: Address; message: string; signature: string },
): Promise<SignatureVerdict> {
  if (!HEX_BYTES.test(signature)) return 'malformed'
  const hex = signature as Hex
  if (hex.length === 132) {
    try {
      if (isAddressEqual(await recoverMessageAddress({ message, signature: hex }), address)) return 'valid'
    } catch {
      // Not a recoverable ECDSA signature; a contract wallet may still accept it.
    }
  }
  try {
    const { data } = await chain.call({
      data: encodeDeployData({
        abi: erc6492SignatureValidatorAbi,
        bytecode: erc6492SignatureValidatorByteCode,
        args: [address, hashMessage(message), hex],
      }),
    })
    return data !== undefined && /^0x0*1$/.test(data) ? 'valid' : 'invalid'
  } catch (error) {
    return isRevert(error) ? 'invalid' : 'unavailable'
  }
}

function isRevert(error: unknown): boolean {
  return (
    error instanceof BaseError &&
    Boolean(error.walk((e) => e instanceof ExecutionRevertedError || e instanceof RawContractError))
  )
}
