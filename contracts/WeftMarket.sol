// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {PayClaims} from "./market/PayClaims.sol";
import {RentalLedger} from "./market/RentalLedger.sol";

/// @title WeftMarket — per-second GPU rental escrow
/// @notice Providers sign offers off-chain (EIP-712); a renter fills one with `rent`, which escrows the
/// deposit for the whole duration and carries the job spec sealed to the provider's key. The provider
/// `start`s it (pay accrues per second, pulled with `claimEarned`) or `decline`s it (full refund); once
/// running, the renter can `stop` and the provider can `finish` (the unused part goes back to the
/// renter). A rental neither started nor declined within the start window is settled by anyone with
/// `settleNoShow`: full refund plus compensation from the provider's stake.
/// @dev Provider calls name a rental by its offer id: the rental id is `rentalId(msg.sender, offerId)`,
/// so a caller can only ever reach its own rentals, with no storage read to check it. Payouts that
/// the token refuses are credited (see Payouts), so no state change waits on a transfer. Records,
/// events, views and shared accounting are in RentalLedger; providers and stakes in ProviderRegistry.
contract WeftMarket is EIP712, PayClaims {
    /// @notice A provider's signed price quote. The EIP-712 type has exactly these fields, in order.
    struct Offer {
        address provider;
        bytes32 offerId;
        string gpuModel;
        uint32 gpuCount;
        uint32 vramMiB;
        address token;
        uint256 pricePerHour;
        uint32 minDuration;
        uint32 maxDuration;
        uint64 expiresAt;
    }

    bytes32 public constant OFFER_TYPEHASH = keccak256(
        "Offer(address provider,bytes32 offerId,string gpuModel,uint32 gpuCount,uint32 vramMiB,address token,uint256 pricePerHour,uint32 minDuration,uint32 maxDuration,uint64 expiresAt)"
    );
    /// @notice Longest rental: keeps start + duration within uint32 seconds (until 2106).
    uint32 public constant MAX_DURATION = 3650 days;
    /// @notice Largest sealed job spec `rent` accepts, in bytes.
    uint256 public constant MAX_SEALED_SPEC_BYTES = 32 * 1024;

    constructor(address owner_, IERC20 stakeToken_, uint256 minStake_, uint32 startWindow_, uint32 compensationSeconds_)
        EIP712("Weft", "1")
        RentalLedger(owner_, stakeToken_, minStake_, startWindow_, compensationSeconds_)
    {}

    // ──────────────────────────────── renting ────────────────────────────────

    /// @notice Fill a signed offer: escrow the deposit for `duration` seconds and hand the provider
    /// the sealed job spec. Returns the rental id, `rentalId(offer.provider, offer.offerId)`.
    function rent(Offer calldata offer, bytes calldata signature, uint32 duration, bytes calldata sealedSpec)
        external
        returns (uint256 id)
    {
        return _rent(offer, signature, duration, sealedSpec);
    }

    /// @notice `rent` with an EIP-2612 permit, so the renter signs once and sends one transaction.
    /// @dev A permit front-run by a third party still leaves the allowance in place, so its failure is
    /// ignored and the transfer decides.
    function rentWithPermit(
        Offer calldata offer,
        bytes calldata signature,
        uint32 duration,
        bytes calldata sealedSpec,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 id) {
        if (offer.pricePerHour <= type(uint96).max) {
            uint256 deposit = _cost(offer.pricePerHour, duration);
            try IERC20Permit(offer.token).permit(msg.sender, address(this), deposit, deadline, v, r, s) {} catch {}
        }
        return _rent(offer, signature, duration, sealedSpec);
    }

    /// @dev Every check and write comes before the deposit is pulled, so a token calling back into
    /// the market meets a rental already recorded (and a non-stake token's pull is balance-checked).
    function _rent(Offer calldata offer, bytes calldata signature, uint32 duration, bytes calldata sealedSpec)
        internal
        returns (uint256 id)
    {
        if (block.timestamp > offer.expiresAt) revert OfferExpired(offer.expiresAt);
        if (duration == 0 || duration < offer.minDuration || duration > offer.maxDuration || duration > MAX_DURATION) {
            revert DurationOutOfRange(duration, offer.minDuration, offer.maxDuration);
        }
        if (offer.pricePerHour > type(uint96).max) revert PriceTooHigh(offer.pricePerHour);
        if (sealedSpec.length == 0 || sealedSpec.length > MAX_SEALED_SPEC_BYTES) {
            revert InvalidSealedSpec(sealedSpec.length);
        }
        uint8 tokenId = _paymentTokenId(offer.token);

        id = rentalId(offer.provider, offer.offerId);
        Rental storage rental = _rentals[id];
        if (rental.status != Status.None) revert OfferAlreadyUsed(id);

        ProviderState storage p = _providers[offer.provider];
        if (p.id == 0) revert NotRegistered(offer.provider);
        if (p.stake < minStake) revert StakeTooLow(p.stake, minStake);
        _checkSignature(offer.provider, hashOffer(offer), signature);

        uint256 deposit = _cost(offer.pricePerHour, duration);
        if (deposit == 0) revert ZeroDeposit();

        _storeNewRental(rental, offer.pricePerHour, duration, p.id, tokenId, offer.maxDuration);
        unchecked {
            ++p.active;
        }

        _pull(offer.token, deposit);
        emit Rented(
            id,
            msg.sender,
            offer.provider,
            offer.offerId,
            offer.token,
            offer.pricePerHour,
            duration,
            offer.gpuModel,
            offer.gpuCount,
            offer.vramMiB,
            sealedSpec
        );
    }

    /// @notice Provider: mark an unfilled offer as used so it can never be filled.
    function cancelOffer(bytes32 offerId) external {
        uint256 id = _rentalId(msg.sender, offerId);
        Rental storage rental = _rentals[id];
        if (rental.status != Status.None) revert OfferAlreadyUsed(id);
        rental.providerId = _providers[msg.sender].id;
        rental.status = Status.OfferCancelled;
        emit OfferCancelled(msg.sender, offerId, id);
    }

    // ─────────────────────────── provider lifecycle ───────────────────────────

    /// @notice Provider: the job is running; pay accrues from this moment.
    function start(bytes32 offerId) external {
        uint256 id = _rentalId(msg.sender, offerId);
        Rental storage rental = _rentals[id];
        _expectStatus(id, rental, Status.Pending);
        uint256 deadline = uint256(rental.since) + startWindow;
        if (block.timestamp > deadline) revert StartWindowPassed(id, deadline);
        rental.since = uint32(block.timestamp);
        rental.status = Status.Running;
        emit Started(id, uint32(block.timestamp), uint32(block.timestamp) + rental.duration);
    }

    /// @notice Provider: refuse a pending rental within the start window (GPUs taken, spec unreadable
    /// or invalid, image refused). The renter gets the whole deposit back; no compensation is due.
    /// The rental stays among the provider's active ones until its next `claimEarned` names it.
    /// `reason` is informational: 0 unspecified, 1 spec unreadable, 2 spec invalid, 3 GPUs busy,
    /// 4 not supported by this provider, 5 preparation failed.
    function decline(bytes32 offerId, uint8 reason) external {
        uint256 id = _rentalId(msg.sender, offerId);
        Rental storage rental = _rentals[id];
        _expectStatus(id, rental, Status.Pending);
        uint256 deadline = uint256(rental.since) + startWindow;
        if (block.timestamp > deadline) revert StartWindowPassed(id, deadline);
        uint256 refund = _cost(rental.pricePerHour, rental.duration);
        rental.status = Status.Declined;
        emit Declined(id, reason, refund);
        _pay(_token(rental.tokenId), rental.renter, refund);
    }

    /// @notice Provider: end a running rental now (its job has ended). The renter gets the unused
    /// part back at once; the accrued part stays for `claimEarned`.
    function finish(bytes32 offerId) external {
        uint256 id = _rentalId(msg.sender, offerId);
        Rental storage rental = _rentals[id];
        _expectStatus(id, rental, Status.Running);
        (uint32 elapsed, uint256 accruedPay, uint256 refund) = _endRunning(rental, Status.Finished);
        emit Finished(id, elapsed, accruedPay, refund);
        _pay(_token(rental.tokenId), rental.renter, refund);
    }

    // ──────────────────────────── renter lifecycle ────────────────────────────

    /// @notice Renter: end now. The unused part is refunded; the provider keeps what accrued (to `claimEarned`).
    function stop(uint256 id) external {
        Rental storage rental = _rentals[id];
        _onlyRenter(id, rental);
        _expectStatus(id, rental, Status.Running);
        (uint32 elapsed, uint256 accruedPay, uint256 refund) = _endRunning(rental, Status.Stopped);
        emit Stopped(id, elapsed, accruedPay, refund);
        _pay(_token(rental.tokenId), msg.sender, refund);
    }

    /// @notice Renter: buy `extraSeconds` more at the same price, up to the offer's maximum duration.
    function extend(uint256 id, uint32 extraSeconds) external nonReentrant {
        Rental storage rental = _rentals[id];
        _onlyRenter(id, rental);
        Status status = rental.status;
        if (status != Status.Pending && status != Status.Running) revert WrongStatus(id, status);
        if (status == Status.Running && block.timestamp >= uint256(rental.since) + rental.duration) {
            revert RentalEnded(id);
        }
        if (extraSeconds == 0) revert ZeroAmount();
        uint256 newDuration = uint256(rental.duration) + extraSeconds;
        if (newDuration > rental.maxDuration || newDuration > MAX_DURATION) {
            revert ExceedsMaxDuration(newDuration, rental.maxDuration < MAX_DURATION ? rental.maxDuration : MAX_DURATION);
        }
        uint256 amount = _cost(rental.pricePerHour, uint32(newDuration)) - _cost(rental.pricePerHour, rental.duration);
        rental.duration = uint32(newDuration);
        emit Extended(id, extraSeconds, uint32(newDuration), amount);
        if (amount != 0) _pull(_token(rental.tokenId), amount);
    }

    /// @notice Renter: cancel before start. Full refund; after the start window has passed without a
    /// start or a decline, plus compensation from the provider's stake (as `settleNoShow`).
    function cancel(uint256 id) external {
        Rental storage rental = _rentals[id];
        _onlyRenter(id, rental);
        _expectStatus(id, rental, Status.Pending);
        bool late = block.timestamp > uint256(rental.since) + startWindow;
        (uint256 refund, uint256 compensation) = _closeUnstarted(rental, Status.Cancelled, late);
        emit Cancelled(id, refund, compensation);
        _pay(_token(rental.tokenId), msg.sender, refund + compensation);
    }

    /// @notice Anyone: settle a rental its provider neither started nor declined within the start
    /// window. The renter is owed the deposit plus compensation from the provider's stake (only for
    /// rentals paid in the stake token, whose units the stake is in), and the stake unlocks.
    function settleNoShow(uint256 id) external {
        Rental storage rental = _rentals[id];
        _expectStatus(id, rental, Status.Pending);
        uint256 deadline = uint256(rental.since) + startWindow;
        if (block.timestamp <= deadline) revert StartWindowOpen(id, deadline);
        (uint256 refund, uint256 compensation) = _closeUnstarted(rental, Status.NoShow, true);
        emit NoShowSettled(id, msg.sender, refund, compensation);
        _pay(_token(rental.tokenId), rental.renter, refund + compensation);
    }

    // ───────────────────────────────── views ─────────────────────────────────

    /// @notice The EIP-712 digest a provider signs for `offer`.
    function hashOffer(Offer calldata offer) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    OFFER_TYPEHASH,
                    offer.provider,
                    offer.offerId,
                    keccak256(bytes(offer.gpuModel)),
                    offer.gpuCount,
                    offer.vramMiB,
                    offer.token,
                    offer.pricePerHour,
                    offer.minDuration,
                    offer.maxDuration,
                    offer.expiresAt
                )
            )
        );
    }

    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ─────────────────────────────── internals ───────────────────────────────

    /// @dev ECDSA first, ERC-1271 only when that fails: no key can sign for a contract's address, so
    /// the order is safe, and an EOA provider skips the cold code-size lookup.
    function _checkSignature(address signer, bytes32 digest, bytes calldata signature) internal view {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return;
        if (!SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature)) revert InvalidSignature();
    }
}
