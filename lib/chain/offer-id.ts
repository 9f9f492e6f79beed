import { randomBytes } from 'node:crypto'
import { type Hex, pad, toHex } from 'viem'

/**
 * A fresh offer id: 16 random bytes, left-padded to the `bytes32` the offer type has. An offer id
 * only has to be unique among one provider's offers (the rental id hashes it with the provider's
 * address), and 128 random bits are; the 16 zero bytes make every call that carries the id (rent,
 * start, claim, finish, decline) about 190 gas cheaper, since calldata charges 4 gas for a zero
 * byte and 16 for any other.
 */
export function newOfferId(): Hex {
  return pad(toHex(randomBytes(16)), { size: 32 })
}
