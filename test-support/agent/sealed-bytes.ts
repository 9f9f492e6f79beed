import { encrypt } from 'eciesjs'
import { bytesToHex, concatHex, type Hex, hexToBytes, stringToBytes } from 'viem'
import { SEALED_SPEC_VERSION } from '@/lib/jobs/sealed-spec'

/**
 * Seals any text as lib/jobs/sealed-spec.ts seals a job spec, without checking that it is one: for
 * tests of what the agent does with a spec that decrypts but is not a valid job spec.
 */
export function sealText(text: string, providerPublicKey: Hex): Hex {
  return concatHex([
    bytesToHex(Uint8Array.of(SEALED_SPEC_VERSION)),
    bytesToHex(encrypt(hexToBytes(providerPublicKey), stringToBytes(text))),
  ])
}
