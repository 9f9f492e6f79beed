// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title WeftMarket — per-second GPU rental escrow
/// @notice Providers sign offers off-chain (EIP-712); a renter fills one with `rent`, which escrows the
/// deposit for the whole duration. Pay accrues per second from `start` and is pulled by the provider
/// with `claim`; the renter can `stop` (refund of the unused part), `extend` or `cancel` before start.
/// @dev Each party's tokens move only in that party's own calls, so an address that cannot receive
/// (e.g. blacklisted by the token) can never lock the other party's money.
contract WeftMarket is EIP712, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

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

    enum Status {
        None,
        Pending,
        Running,
        Stopped,
        Ended,
        Cancelled,
        OfferCancelled
    }

    /// @dev Two storage slots per rental; see the README's gas table for why each field is this size.
    struct Rental {
        // slot 0
        address renter;
        uint32 since; // created at while Pending, started at from Running on
        uint32 duration; // seconds paid for; shortened to the elapsed time by `stop`
        uint32 paidSeconds; // seconds already paid out to the provider
        // slot 1
        uint96 pricePerHour;
        uint32 providerId;
        uint32 maxDuration;
        uint8 tokenId;
        Status status;
        bool settled; // the provider has been paid in full and the rental no longer counts as active
    }

    struct TokenInfo {
        uint8 id;
        bool allowed;
    }

    struct ProviderState {
        uint128 stake;
        uint32 id;
        uint32 active; // rentals not yet settled with the provider (pending, running, or unclaimed)
        uint64 registeredAt;
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

    bytes32 public constant OFFER_TYPEHASH = keccak256(
        "Offer(address provider,bytes32 offerId,string gpuModel,uint32 gpuCount,uint32 vramMiB,address token,uint256 pricePerHour,uint32 minDuration,uint32 maxDuration,uint64 expiresAt)"
    );
    uint256 public constant MAX_ENDPOINT_BYTES = 256;
    /// @notice Longest rental: keeps start + duration within uint32 seconds (until 2106).
    uint32 public constant MAX_DURATION = 3650 days;

    IERC20 public immutable stakeToken;
    uint256 public immutable minStake;
    uint32 public immutable startWindow;
    uint32 public immutable compensationSeconds;

    mapping(uint256 id => Rental) internal _rentals;
    mapping(address provider => ProviderState) internal _providers;
    mapping(uint32 id => address) public providerById;
    mapping(address provider => string) public endpointOf;
    mapping(address token => TokenInfo) public tokenInfo;
    mapping(uint8 tokenId => address) public tokenById;
    uint8 public tokenCount;
    uint32 public providerCount;

    event TokenAllowed(address indexed token, uint8 tokenId, bool allowed);
    event ProviderRegistered(address indexed provider, uint32 indexed providerId, string endpoint, uint256 stake);
    event EndpointUpdated(address indexed provider, string endpoint);
    event StakeChanged(address indexed provider, int256 delta, uint256 stake);
    event Rented(
        uint256 indexed id,
        address indexed renter,
        address indexed provider,
        bytes32 offerId,
        address token,
        uint256 pricePerHour,
        uint32 duration,
        uint32 maxDuration,
        uint256 deposit,
        bytes32 jobSpecHash,
        string gpuModel,
        uint32 gpuCount,
        uint32 vramMiB
    );
    event Started(uint256 indexed id, uint32 startedAt, uint32 endsAt);
    event Claimed(uint256 indexed id, uint256 amount, uint32 paidSeconds);
    event Stopped(uint256 indexed id, uint32 elapsed, uint256 accrued, uint256 refund);
    event Extended(uint256 indexed id, uint32 extraSeconds, uint32 duration, uint256 amount);
    event Cancelled(uint256 indexed id, uint256 refund, uint256 compensation);
    event OfferCancelled(address indexed provider, bytes32 indexed offerId, uint256 indexed id);

    error TokenNotAllowed(address token);
    error TooManyTokens();
    error InvalidEndpoint();
    error AlreadyRegistered(address provider);
    error NotRegistered(address provider);
    error StakeTooLow(uint256 stake, uint256 minStake);
    error StakeLocked(uint32 activeRentals);
    error InsufficientStake(uint256 stake, uint256 requested);
    error InvalidSignature();
    error OfferExpired(uint64 expiresAt);
    error OfferAlreadyUsed(uint256 id);
    error DurationOutOfRange(uint32 duration, uint32 minDuration, uint32 maxDuration);
    error PriceTooHigh(uint256 pricePerHour);
    error ZeroDeposit();
    error TransferMismatch(uint256 expected, uint256 received);
    error UnknownRental(uint256 id);
    error NotRenter(uint256 id);
    error NotProvider(uint256 id);
    error WrongStatus(uint256 id, Status status);
    error StartWindowPassed(uint256 id, uint256 deadline);
    error RentalEnded(uint256 id);
    error ExceedsMaxDuration(uint256 duration, uint32 maxDuration);
    error ZeroAmount();

    constructor(address owner_, IERC20 stakeToken_, uint256 minStake_, uint32 startWindow_, uint32 compensationSeconds_)
        EIP712("Weft", "1")
        Ownable(owner_)
    {
        stakeToken = stakeToken_;
        minStake = minStake_;
        startWindow = startWindow_;
        compensationSeconds = compensationSeconds_;
    }

    // ───────────────────────────── tokens (owner) ─────────────────────────────

    /// @notice Allow or disallow a payment token for new rentals; existing rentals are unaffected.
    function setTokenAllowed(address token, bool allowed) external onlyOwner {
        TokenInfo storage info = tokenInfo[token];
        if (info.id == 0) {
            if (tokenCount == type(uint8).max) revert TooManyTokens();
            info.id = ++tokenCount;
            tokenById[info.id] = token;
        }
        info.allowed = allowed;
        emit TokenAllowed(token, info.id, allowed);
    }

    // ─────────────────────────────── providers ───────────────────────────────

    function registerProvider(string calldata endpoint, uint256 stake) external nonReentrant {
        ProviderState storage p = _providers[msg.sender];
        if (p.id != 0) revert AlreadyRegistered(msg.sender);
        if (stake < minStake) revert StakeTooLow(stake, minStake);
        _checkEndpoint(endpoint);
        uint32 id = ++providerCount;
        p.id = id;
        p.registeredAt = uint64(block.timestamp);
        p.stake = uint128(_pull(stakeToken, stake));
        providerById[id] = msg.sender;
        endpointOf[msg.sender] = endpoint;
        emit ProviderRegistered(msg.sender, id, endpoint, stake);
    }

    function updateEndpoint(string calldata endpoint) external {
        if (_providers[msg.sender].id == 0) revert NotRegistered(msg.sender);
        _checkEndpoint(endpoint);
        endpointOf[msg.sender] = endpoint;
        emit EndpointUpdated(msg.sender, endpoint);
    }

    function addStake(uint256 amount) external nonReentrant {
        ProviderState storage p = _providers[msg.sender];
        if (p.id == 0) revert NotRegistered(msg.sender);
        if (amount == 0) revert ZeroAmount();
        p.stake += uint128(_pull(stakeToken, amount));
        emit StakeChanged(msg.sender, int256(amount), p.stake);
    }

    /// @notice Withdraw stake; only when every rental of this provider is settled.
    function withdrawStake(uint256 amount) external nonReentrant {
        ProviderState storage p = _providers[msg.sender];
        if (p.id == 0) revert NotRegistered(msg.sender);
        if (p.active != 0) revert StakeLocked(p.active);
        if (amount == 0) revert ZeroAmount();
        if (amount > p.stake) revert InsufficientStake(p.stake, amount);
        p.stake -= uint128(amount);
        emit StakeChanged(msg.sender, -int256(amount), p.stake);
        stakeToken.safeTransfer(msg.sender, amount);
    }

    // ──────────────────────────────── renting ────────────────────────────────

    /// @notice Fill a signed offer: escrow the deposit for `duration` seconds. Returns the rental id,
    /// which is `rentalId(offer.provider, offer.offerId)` and so known before the transaction is sent.
    function rent(Offer calldata offer, bytes calldata signature, uint32 duration, bytes32 jobSpecHash)
        external
        nonReentrant
        returns (uint256 id)
    {
        return _rent(offer, signature, duration, jobSpecHash);
    }

    /// @notice `rent` with an EIP-2612 permit, so the renter signs once and sends one transaction.
    /// @dev A permit front-run by a third party still leaves the allowance in place, so its failure is
    /// ignored and the transfer decides.
    function rentWithPermit(
        Offer calldata offer,
        bytes calldata signature,
        uint32 duration,
        bytes32 jobSpecHash,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 id) {
        if (offer.pricePerHour <= type(uint96).max) {
            uint256 deposit = _cost(offer.pricePerHour, duration);
            try IERC20Permit(offer.token).permit(msg.sender, address(this), deposit, deadline, v, r, s) {} catch {}
        }
        return _rent(offer, signature, duration, jobSpecHash);
    }

    function _rent(Offer calldata offer, bytes calldata signature, uint32 duration, bytes32 jobSpecHash)
        internal
        returns (uint256 id)
    {
        if (block.timestamp > offer.expiresAt) revert OfferExpired(offer.expiresAt);
        if (duration == 0 || duration < offer.minDuration || duration > offer.maxDuration || duration > MAX_DURATION) {
            revert DurationOutOfRange(duration, offer.minDuration, offer.maxDuration);
        }
        if (offer.pricePerHour > type(uint96).max) revert PriceTooHigh(offer.pricePerHour);
        TokenInfo memory token = tokenInfo[offer.token];
        if (!token.allowed) revert TokenNotAllowed(offer.token);

        id = rentalId(offer.provider, offer.offerId);
        Rental storage rental = _rentals[id];
        if (rental.status != Status.None) revert OfferAlreadyUsed(id);

        ProviderState storage p = _providers[offer.provider];
        if (p.id == 0) revert NotRegistered(offer.provider);
        if (p.stake < minStake) revert StakeTooLow(p.stake, minStake);
        _checkSignature(offer.provider, hashOffer(offer), signature);

        uint256 deposit = _cost(offer.pricePerHour, duration);
        if (deposit == 0) revert ZeroDeposit();

        rental.renter = msg.sender;
        rental.since = uint32(block.timestamp);
        rental.duration = duration;
        rental.pricePerHour = uint96(offer.pricePerHour);
        rental.providerId = p.id;
        rental.maxDuration = offer.maxDuration;
        rental.tokenId = token.id;
        rental.status = Status.Pending;
        unchecked {
            ++p.active;
        }

        _pull(IERC20(offer.token), deposit);
        emit Rented(
            id,
            msg.sender,
            offer.provider,
            offer.offerId,
            offer.token,
            offer.pricePerHour,
            duration,
            offer.maxDuration,
            deposit,
            jobSpecHash,
            offer.gpuModel,
            offer.gpuCount,
            offer.vramMiB
        );
    }

    /// @notice Provider: mark an unfilled offer as used so it can never be filled.
    function cancelOffer(bytes32 offerId) external {
        uint256 id = rentalId(msg.sender, offerId);
        Rental storage rental = _rentals[id];
        if (rental.status != Status.None) revert OfferAlreadyUsed(id);
        rental.providerId = _providers[msg.sender].id;
        rental.status = Status.OfferCancelled;
        emit OfferCancelled(msg.sender, offerId, id);
    }

    // ─────────────────────────────── lifecycle ───────────────────────────────

    /// @notice Provider: the job is running; pay accrues from this moment.
    function start(uint256 id) external {
        Rental storage rental = _rentals[id];
        _onlyProvider(id, rental);
        if (rental.status != Status.Pending) revert WrongStatus(id, rental.status);
        uint256 deadline = uint256(rental.since) + startWindow;
        if (block.timestamp > deadline) revert StartWindowPassed(id, deadline);
        rental.since = uint32(block.timestamp);
        rental.status = Status.Running;
        emit Started(id, uint32(block.timestamp), uint32(block.timestamp) + rental.duration);
    }

    /// @notice Provider: pay out what has accrued on each rental (same token rentals are batched).
    function claim(uint256[] calldata ids) external nonReentrant {
        uint32 providerId = _providers[msg.sender].id;
        address token;
        uint256 batch;
        uint32 settled;
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            Rental storage rental = _rentals[id];
            if (rental.providerId != providerId || providerId == 0) revert NotProvider(id);
            Status status = rental.status;
            if ((status != Status.Running && status != Status.Stopped) || rental.settled) continue;

            uint32 elapsed = _elapsed(rental);
            uint256 amount = _cost(rental.pricePerHour, elapsed) - _cost(rental.pricePerHour, rental.paidSeconds);
            rental.paidSeconds = elapsed;
            bool settles = elapsed == rental.duration;
            if (settles) {
                ++settled;
                rental.settled = true;
                if (status == Status.Running) rental.status = Status.Ended;
            } else if (amount == 0) {
                continue;
            }
            emit Claimed(id, amount, elapsed);

            address rentalToken = tokenById[rental.tokenId];
            if (rentalToken != token) {
                if (batch != 0) IERC20(token).safeTransfer(msg.sender, batch);
                (token, batch) = (rentalToken, 0);
            }
            batch += amount;
        }
        if (settled != 0) _providers[msg.sender].active -= settled;
        if (batch != 0) IERC20(token).safeTransfer(msg.sender, batch);
    }

    /// @notice Renter: end now. The unused part is refunded; the provider keeps what accrued (to claim).
    function stop(uint256 id) external nonReentrant {
        Rental storage rental = _rentals[id];
        _onlyRenter(id, rental);
        if (rental.status != Status.Running) revert WrongStatus(id, rental.status);
        uint32 elapsed = _elapsed(rental);
        uint256 deposit = _cost(rental.pricePerHour, rental.duration);
        uint256 accrued = _cost(rental.pricePerHour, elapsed);
        rental.duration = elapsed;
        rental.status = Status.Stopped;
        emit Stopped(id, elapsed, accrued, deposit - accrued);
        if (deposit != accrued) IERC20(tokenById[rental.tokenId]).safeTransfer(msg.sender, deposit - accrued);
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
        if (amount != 0) _pull(IERC20(tokenById[rental.tokenId]), amount);
    }

    /// @notice Renter: cancel before start. Full refund; after the start window has passed without a
    /// start, plus compensation from the provider's stake. The stake is in the stake token, so only
    /// rentals paid in that token are compensated (amounts in another token are in other units).
    function cancel(uint256 id) external nonReentrant {
        Rental storage rental = _rentals[id];
        _onlyRenter(id, rental);
        if (rental.status != Status.Pending) revert WrongStatus(id, rental.status);
        uint256 refund = _cost(rental.pricePerHour, rental.duration);
        rental.status = Status.Cancelled;

        address provider = providerById[rental.providerId];
        ProviderState storage p = _providers[provider];
        p.active -= 1;
        uint256 compensation;
        if (block.timestamp > uint256(rental.since) + startWindow && tokenById[rental.tokenId] == address(stakeToken)) {
            compensation = _cost(rental.pricePerHour, compensationSeconds);
            if (compensation > p.stake) compensation = p.stake;
            p.stake -= uint128(compensation);
            if (compensation != 0) emit StakeChanged(provider, -int256(compensation), p.stake);
        }
        emit Cancelled(id, refund, compensation);
        IERC20(tokenById[rental.tokenId]).safeTransfer(msg.sender, refund);
        if (compensation != 0) stakeToken.safeTransfer(msg.sender, compensation);
    }

    // ───────────────────────────────── views ─────────────────────────────────

    function rentalId(address provider, bytes32 offerId) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(provider, offerId)));
    }

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

    function getRental(uint256 id) external view returns (RentalView memory v) {
        Rental storage rental = _rentals[id];
        if (rental.status == Status.None) revert UnknownRental(id);
        v.renter = rental.renter;
        v.provider = providerById[rental.providerId];
        v.token = tokenById[rental.tokenId];
        v.pricePerHour = rental.pricePerHour;
        v.duration = rental.duration;
        v.maxDuration = rental.maxDuration;
        v.paidSeconds = rental.paidSeconds;
        v.status = rental.status;
        v.settled = rental.settled;
        v.deposit = _cost(rental.pricePerHour, rental.duration);
        v.paid = _cost(rental.pricePerHour, rental.paidSeconds);
        if (rental.status == Status.Pending || rental.status == Status.Cancelled) {
            v.createdAt = rental.since;
        } else if (rental.status != Status.OfferCancelled) {
            v.startedAt = rental.since;
            v.endsAt = rental.since + rental.duration;
        }
    }

    /// @notice Pay accrued so far (`total`) and the part not yet paid out (`claimable`).
    function accrued(uint256 id) external view returns (uint256 total, uint256 claimable) {
        Rental storage rental = _rentals[id];
        if (rental.status == Status.None) revert UnknownRental(id);
        if (rental.status != Status.Running && rental.status != Status.Stopped && rental.status != Status.Ended) {
            return (0, 0);
        }
        total = _cost(rental.pricePerHour, _elapsed(rental));
        claimable = total - _cost(rental.pricePerHour, rental.paidSeconds);
    }

    function getProvider(address provider)
        external
        view
        returns (uint32 id, uint256 stake, uint32 activeRentals, uint64 registeredAt, string memory endpoint)
    {
        ProviderState storage p = _providers[provider];
        return (p.id, p.stake, p.active, p.registeredAt, endpointOf[provider]);
    }

    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ─────────────────────────────── internals ───────────────────────────────

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

    /// @dev Pulls exactly `amount` or reverts: fee-on-transfer and other short-changing tokens fail here.
    function _pull(IERC20 token, uint256 amount) internal returns (uint256) {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert TransferMismatch(amount, received);
        return amount;
    }

    /// @dev ECDSA first, ERC-1271 only when that fails: no key can sign for a contract's address, so
    /// the order is safe, and an EOA provider skips the cold code-size lookup.
    function _checkSignature(address signer, bytes32 digest, bytes calldata signature) internal view {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return;
        if (!SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature)) revert InvalidSignature();
    }

    function _onlyRenter(uint256 id, Rental storage rental) internal view {
        if (rental.status == Status.None) revert UnknownRental(id);
        if (rental.renter != msg.sender) revert NotRenter(id);
    }

    function _onlyProvider(uint256 id, Rental storage rental) internal view {
        if (rental.status == Status.None) revert UnknownRental(id);
        if (providerById[rental.providerId] != msg.sender) revert NotProvider(id);
    }

    function _checkEndpoint(string calldata endpoint) internal pure {
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_BYTES) revert InvalidEndpoint();
    }
}
