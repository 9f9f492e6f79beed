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
  isErc6492Signature,
  type PublicClient,
  RawContractError,
  recoverMessageAddress,
  size,
} from 'viem'

/** valid; invalid (a wrong signature); malformed (not hex bytes); unavailable (the chain did not answer). */
export type SignatureVerdict = 'valid' | 'invalid' | 'malformed' | 'unavailable'

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})+$/

/**
 * Whether `address` signed `message` (EIP-191). An externally owned account's signature is
 * recovered offline, with no RPC. The chain is asked only where it alone can answer: for an
 * ERC-6492-wrapped signature (a wallet not deployed yet), and for an address that holds code (a
 * contract wallet, ERC-1271, whose signatures have whatever format it chooses). An address without
 * code whose signature does not recover to it is refused after that one `eth_getCode`.
 *
 * The contract checks run the ERC-6492 universal validator as a deployless eth_call. viem's
 * `verifyMessage` runs the same validator but reports a failed RPC as an invalid signature; here
 * only a revert or a false answer is "invalid", and every other failure is "unavailable", so an
 * outage is a 503 and never mistaken for a verdict.
 */
export async function verifyMessageSignature(
  chain: PublicClient,
  { address, message, signature }: { address: Address; message: string; signature: string },
): Promise<SignatureVerdict> {
  if (!HEX_BYTES.test(signature)) return 'malformed'
  const hex = signature as Hex
  if (isErc6492Signature(hex)) return validateOnChain(chain, address, message, hex)
  if (size(hex) === 65 && (await recoversTo(message, hex, address))) return 'valid'
  let code: Hex | undefined
  try {
    code = await chain.getCode({ address })
  } catch {
    return 'unavailable'
  }
  if (code === undefined || code === '0x') return 'invalid'
  return validateOnChain(chain, address, message, hex)
}

async function recoversTo(message: string, signature: Hex, address: Address): Promise<boolean> {
  try {
    return isAddressEqual(await recoverMessageAddress({ message, signature }), address)
  } catch {
    // Not a recoverable ECDSA signature (v or s out of range, r zero): no account's.
    return false
  }
}

async function validateOnChain(
  chain: PublicClient,
  address: Address,
  message: string,
  signature: Hex,
): Promise<SignatureVerdict> {
  try {
    const { data } = await chain.call({
      data: encodeDeployData({
        abi: erc6492SignatureValidatorAbi,
        bytecode: erc6492SignatureValidatorByteCode,
        args: [address, hashMessage(message), signature],
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
