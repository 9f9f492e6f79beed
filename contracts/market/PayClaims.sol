// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RentalLedger} from "./RentalLedger.sol";

/// @title PayClaims — a provider collects what its rentals have earned
/// @notice `claimEarned` pays out, per token in one transfer, what has accrued on each named rental,
/// and settles those that are over. It is the call a provider makes most, so it reads and writes
/// each rental's first storage word once instead of field by field.
abstract contract PayClaims is RentalLedger {
    // Bit offsets of the fields of `Rental`'s first storage word (see RentalLedger.Rental).
    uint256 private constant SINCE_AT = 96;
    uint256 private constant DURATION_AT = 128;
    uint256 private constant PAID_AT = 160;
    uint256 private constant TOKEN_AT = 224;
    uint256 private constant STATUS_AT = 232;
    uint256 private constant SETTLED_AT = 240;
    uint256 private constant U32 = type(uint32).max;
    uint256 private constant PRICE_MASK = type(uint96).max;

    /// @dev Statuses whose accrued pay can be claimed, as a bit set indexed by status.
    uint256 private constant EARNING =
        (1 << uint8(Status.Running)) | (1 << uint8(Status.Stopped)) | (1 << uint8(Status.Finished));
    /// @dev Statuses that closed before starting and were refunded then: naming one releases it
    /// from the provider's stake lock.
    uint256 private constant CLOSED_UNSTARTED = (1 << uint8(Status.Declined)) | (1 << uint8(Status.Cancelled));

    /// @notice Provider: pay out what has accrued on each rental, named by offer id (rentals in the
    /// same token are paid in one transfer), and settle those that are over: paid in full, or
    /// declined or cancelled before they started. Offer ids with nothing to claim are skipped.
    /// @dev Each rental is accounted for before any transfer that follows it, so a call re-entering
    /// from a token finds nothing left to pay on it. The arithmetic cannot overflow: a price fits
    /// 96 bits and seconds 32, and the batch never exceeds what this contract holds.
    function claimEarned(bytes32[] calldata offerIds) external {
        address token;
        uint256 batch;
        uint256 settled;
        unchecked {
            for (uint256 i; i < offerIds.length; ++i) {
                uint256 id = _rentalId(msg.sender, offerIds[i]);
                Rental storage rental = _rentals[id];
                uint256 word;
                assembly ("memory-safe") {
                    word := sload(rental.slot)
                }
                if ((word >> SETTLED_AT) & 0xff != 0) continue;
                uint256 status = (word >> STATUS_AT) & 0xff;
                if ((CLOSED_UNSTARTED >> status) & 1 != 0) {
                    _storeWord(rental, word | (1 << SETTLED_AT));
                    ++settled;
                    continue;
                }
                if ((EARNING >> status) & 1 == 0) continue;

                uint256 price = word & PRICE_MASK;
                uint256 duration = (word >> DURATION_AT) & U32;
                uint256 elapsed = block.timestamp - ((word >> SINCE_AT) & U32);
                if (elapsed > duration) elapsed = duration;
                uint256 amount = price * elapsed / 1 hours - price * ((word >> PAID_AT) & U32) / 1 hours;
                word = (word & ~(U32 << PAID_AT)) | (elapsed << PAID_AT);
                bool settles = elapsed == duration;
                if (settles) {
                    ++settled;
                    word |= 1 << SETTLED_AT;
                    if (status == uint8(Status.Running)) {
                        word = (word & ~(0xff << STATUS_AT)) | (uint256(uint8(Status.Ended)) << STATUS_AT);
                    }
                }
                _storeWord(rental, word);
                // Seconds whose pay rounds down to nothing are still counted as paid, with no event.
                if (!settles && amount == 0) continue;
                emit Claimed(id, amount, uint32(elapsed));

                address rentalToken = _token(uint8(word >> TOKEN_AT));
                if (rentalToken != token) {
                    _pay(token, msg.sender, batch);
                    (token, batch) = (rentalToken, 0);
                }
                batch += amount;
            }
        }
        if (settled != 0) _providers[msg.sender].active -= uint32(settled);
        _pay(token, msg.sender, batch);
    }

    function _storeWord(Rental storage rental, uint256 word) private {
        assembly ("memory-safe") {
            sstore(rental.slot, word)
        }
    }
}
