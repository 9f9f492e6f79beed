// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ProviderRegistry} from "./ProviderRegistry.sol";

/// @title RentalLedger — how a rental is stored, what it owes, and how it reads
/// @notice The records, events and errors of rentals, their views, and the accounting every
/// lifecycle call shares (cost, elapsed time, ending a running rental, closing one that never
/// started). WeftMarket adds the calls that move a rental from state to state.
abstract contract RentalLedger is ProviderRegistry {
    enum Status {
        None,
        Pending,
        Running,
        Stopped, // by the renter
        Ended, // ran to its end and was claimed in full
        Cancelled, // by the renter before start
        OfferCancelled,
        Declined, // by the provider before start
        Finished, // by the provider while running (the job ended)
        NoShow // neither started nor declined within the start window; settled by anyone
    }

    /// @dev Two storage slots per rental. Slot 0 holds everything `start`, `claimEarned`, `stop` and
    /// `finish` read, so the hot paths touch one slot; the renter is read only to refund it.
    struct Rental {
        // slot 0
        uint96 pricePerHour;
        uint32 since; // created at while Pending, started at from Running on
        uint32 duration; // seconds paid for; shortened to the elapsed time by `stop` and `finish`
        uint32 paidSeconds; // seconds already paid out to the provider
        uint32 providerId;
        uint8 tokenId;
        Status status;
        bool settled; // the provider has been paid in full and the rental no longer counts as active
        // slot 1
        address renter;
        uint32 maxDuration;
    }

    /// @notice What `getRental` returns: the stored record with addresses and amounts resolved.
    struct RentalView {
        address renter;
        address provider;
        address token;
        uint256 pricePerHour;
        uint32 createdAt;
        uint32 startedAt;
        uint32 endsAt;
        uint32 duration;
        uint32 maxDuration;
        uint32 paidSeconds;
        uint256 deposit;
        uint256 paid;
        Status status;
        bool settled;
    }

    uint32 public immutable startWindow;
    uint32 public immutable compensationSeconds;

    mapping(uint256 id => Rental) internal _rentals;

    /// @notice `sealedSpec` is the job spec encrypted to the provider's key; its keccak256 is the
    /// rental's `jobSpecHash`. Emitted, not stored: an agent reads it from this event, which also
    /// carries calls nested in a contract wallet's transaction. The offer's maxDuration is not
    /// repeated here: `getRental` returns it.
    event Rented(
        uint256 indexed id,
        address indexed renter,
        address indexed provider,
        bytes32 offerId,
        address token,
        uint256 pricePerHour,
        uint32 duration,
        string gpuModel,
        uint32 gpuCount,
        uint32 vramMiB,
        bytes sealedSpec
    );
    event Started(uint256 indexed id, uint32 startedAt, uint32 endsAt);
    event Claimed(uint256 indexed id, uint256 amount, uint32 paidSeconds);
    event Stopped(uint256 indexed id, uint32 elapsed, uint256 accrued, uint256 refund);
    event Finished(uint256 indexed id, uint32 elapsed, uint256 accrued, uint256 refund);
    event Extended(uint256 indexed id, uint32 extraSeconds, uint32 duration, uint256 amount);
    event Cancelled(uint256 indexed id, uint256 refund, uint256 compensation);
    event Declined(uint256 indexed id, uint8 reason, uint256 refund);
    event NoShowSettled(uint256 indexed id, address settledBy, uint256 refund, uint256 compensation);
    event OfferCancelled(address indexed provider, bytes32 indexed offerId, uint256 indexed id);

    error InvalidSignature();
    error OfferExpired(uint64 expiresAt);
    error OfferAlreadyUsed(uint256 id);
    error DurationOutOfRange(uint32 duration, uint32 minDuration, uint32 maxDuration);
    error PriceTooHigh(uint256 pricePerHour);
    error ZeroDeposit();
    error InvalidSealedSpec(uint256 length);
    error UnknownRental(uint256 id);
    error NotRenter(uint256 id);
    error WrongStatus(uint256 id, Status status);
    error StartWindowPassed(uint256 id, uint256 deadline);
    error StartWindowOpen(uint256 id, uint256 deadline);
    error RentalEnded(uint256 id);
    error ExceedsMaxDuration(uint256 duration, uint32 maxDuration);

    constructor(address owner_, IERC20 stakeToken_, uint256 minStake_, uint32 startWindow_, uint32 compensationSeconds_)
        ProviderRegistry(owner_, stakeToken_, minStake_)
    {
        startWindow = startWindow_;
        compensationSeconds = compensationSeconds_;
    }

    // ───────────────────────────────── views ─────────────────────────────────

    /// @notice A rental's id: keccak256(abi.encode(provider, offerId)).
    function rentalId(address provider, bytes32 offerId) public pure returns (uint256) {
        return _rentalId(provider, offerId);
    }

    function getRental(uint256 id) external view returns (RentalView memory v) {
        Rental storage rental = _rentals[id];
        Status status = rental.status;
        if (status == Status.None) revert UnknownRental(id);
        v.renter = rental.renter;
        v.provider = providerById[rental.providerId];
        v.token = _token(rental.tokenId);
        v.pricePerHour = rental.pricePerHour;
        v.duration = rental.duration;
        v.maxDuration = rental.maxDuration;
        v.paidSeconds = rental.paidSeconds;
        v.status = status;
        v.settled = rental.settled;
        v.deposit = _cost(rental.pricePerHour, rental.duration);
        v.paid = _cost(rental.pricePerHour, rental.paidSeconds);
        if (_started(status)) {
            v.startedAt = rental.since;
            v.endsAt = rental.since + rental.duration;
        } else if (status != Status.OfferCancelled) {
            v.createdAt = rental.since;
        }
    }

    /// @notice Pay accrued so far (`total`) and the part not yet paid out (`claimable`).
    function accrued(uint256 id) external view returns (uint256 total, uint256 claimable) {
        Rental storage rental = _rentals[id];
        if (rental.status == Status.None) revert UnknownRental(id);
        if (!_started(rental.status)) return (0, 0);
        total = _cost(rental.pricePerHour, _elapsed(rental));
        claimable = total - _cost(rental.pricePerHour, rental.paidSeconds);
    }

    // ─────────────────────────────── internals ───────────────────────────────

    /// @dev keccak256(abi.encode(provider, offerId)), hashed in scratch space.
    function _rentalId(address provider, bytes32 offerId) internal pure returns (uint256 id) {
        assembly ("memory-safe") {
            mstore(0x00, provider)
            mstore(0x20, offerId)
            id := keccak256(0x00, 0x40)
        }
    }

    /// @dev Floor of price × seconds / 1 h. Every payout and refund is a difference of two values of
    /// this function of the same price, so they always sum back to the deposit exactly.
    function _cost(uint256 pricePerHour, uint32 seconds_) internal pure returns (uint256) {
        return pricePerHour * seconds_ / 1 hours;
    }

    /// @dev Seconds of running time so far, capped at the rental's duration.
    function _elapsed(Rental storage rental) internal view returns (uint32) {
        uint256 elapsed = block.timestamp - rental.since;
        return elapsed >= rental.duration ? rental.duration : uint32(elapsed);
    }

    function _started(Status status) internal pure returns (bool) {
        return status == Status.Running || status == Status.Stopped || status == Status.Ended
            || status == Status.Finished;
    }

    /// @dev Shortens a running rental to the time elapsed; returns the refund due to the renter.
    function _endRunning(Rental storage rental, Status status)
        internal
        returns (uint32 elapsed, uint256 accruedPay, uint256 refund)
    {
        elapsed = _elapsed(rental);
        accruedPay = _cost(rental.pricePerHour, elapsed);
        refund = _cost(rental.pricePerHour, rental.duration) - accruedPay;
        rental.duration = elapsed;
        rental.status = status;
    }

    /// @dev Closes a rental that never started: the renter is owed the deposit, plus compensation
    /// from the provider's stake when `compensate` and the rental was paid in the stake token. The
    /// caller pays both to the renter.
    function _closeUnstarted(Rental storage rental, Status status, bool compensate)
        internal
        returns (uint256 refund, uint256 compensation)
    {
        refund = _cost(rental.pricePerHour, rental.duration);
        rental.status = status;
        if (!compensate) return (refund, 0);
        // The provider's state is written anyway for the compensation, so the rental settles now;
        // otherwise it settles at the provider's next `claimEarned` naming it.
        rental.settled = true;
        address provider = providerById[rental.providerId];
        ProviderState storage p = _providers[provider];
        p.active -= 1;
        if (rental.tokenId == STAKE_TOKEN_ID) {
            compensation = _cost(rental.pricePerHour, compensationSeconds);
            if (compensation > p.stake) compensation = p.stake;
            p.stake -= uint128(compensation);
            if (compensation != 0) emit StakeChanged(provider, -int256(compensation), p.stake);
        }
    }

    /// @dev Writes a new pending rental as two whole words: the compiler would store each packed
    /// field of a fresh record separately. Bit positions follow Solidity's packing of `Rental`
    /// (members from the lowest-order bytes up, in declaration order); tests read every field back
    /// through `getRental`.
    function _storeNewRental(
        Rental storage rental,
        uint256 pricePerHour,
        uint32 duration,
        uint32 providerId,
        uint8 tokenId,
        uint32 maxDuration
    ) internal {
        uint256 word0 = pricePerHour | (uint256(uint32(block.timestamp)) << 96) | (uint256(duration) << 128)
            | (uint256(providerId) << 192) | (uint256(tokenId) << 224) | (uint256(uint8(Status.Pending)) << 232);
        uint256 word1 = uint256(uint160(msg.sender)) | (uint256(maxDuration) << 160);
        assembly ("memory-safe") {
            sstore(rental.slot, word0)
            sstore(add(rental.slot, 1), word1)
        }
    }

    function _expectStatus(uint256 id, Rental storage rental, Status expected) internal view {
        Status status = rental.status;
        if (status == expected) return;
        if (status == Status.None) revert UnknownRental(id);
        revert WrongStatus(id, status);
    }

    function _onlyRenter(uint256 id, Rental storage rental) internal view {
        if (rental.renter != msg.sender) {
            if (rental.status == Status.None) revert UnknownRental(id);
            revert NotRenter(id);
        }
    }
}
