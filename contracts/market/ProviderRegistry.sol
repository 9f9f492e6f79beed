// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Payouts} from "./Payouts.sol";

/// @title ProviderRegistry — payment tokens, providers, their endpoints and stakes
abstract contract ProviderRegistry is Ownable, Payouts {
    using SafeERC20 for IERC20;

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

    uint256 public constant MAX_ENDPOINT_BYTES = 256;
    /// @notice The stake token is also payment token 1, allowed from deployment.
    uint8 internal constant STAKE_TOKEN_ID = 1;

    IERC20 public immutable stakeToken;
    uint256 public immutable minStake;

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

    error TokenNotAllowed(address token);
    error TooManyTokens();
    error InvalidEndpoint();
    error AlreadyRegistered(address provider);
    error NotRegistered(address provider);
    error StakeTooLow(uint256 stake, uint256 minStake);
    error StakeLocked(uint32 activeRentals);
    error InsufficientStake(uint256 stake, uint256 requested);
    error ZeroAmount();
    error StakeTokenAlwaysAllowed();

    constructor(address owner_, IERC20 stakeToken_, uint256 minStake_) Ownable(owner_) {
        stakeToken = stakeToken_;
        minStake = minStake_;
        _allowToken(address(stakeToken_), true);
    }

    // ───────────────────────────── tokens (owner) ─────────────────────────────

    /// @notice Allow or disallow a payment token for new rentals; existing rentals are unaffected.
    /// The stake token is always allowed (payment token 1).
    function setTokenAllowed(address token, bool allowed) external onlyOwner {
        if (token == address(stakeToken)) revert StakeTokenAlwaysAllowed();
        _allowToken(token, allowed);
    }

    function _allowToken(address token, bool allowed) private {
        TokenInfo storage info = tokenInfo[token];
        if (info.id == 0) {
            if (tokenCount == type(uint8).max) revert TooManyTokens();
            info.id = ++tokenCount;
            tokenById[info.id] = token;
        }
        info.allowed = allowed;
        emit TokenAllowed(token, info.id, allowed);
    }

    /// @dev The address of payment token `id`; the stake token's needs no storage read.
    function _token(uint8 id) internal view returns (address) {
        return id == STAKE_TOKEN_ID ? address(stakeToken) : tokenById[id];
    }

    /// @dev The id of `token` as a payment token, or a revert when it is not allowed.
    function _paymentTokenId(address token) internal view returns (uint8) {
        if (token == address(stakeToken)) return STAKE_TOKEN_ID;
        TokenInfo memory info = tokenInfo[token];
        if (!info.allowed) revert TokenNotAllowed(token);
        return info.id;
    }

    function _trustedToken() internal view override returns (address) {
        return address(stakeToken);
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
        p.stake = uint128(_pull(address(stakeToken), stake));
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
        p.stake += uint128(_pull(address(stakeToken), amount));
        emit StakeChanged(msg.sender, int256(amount), p.stake);
    }

    /// @notice Withdraw stake; only when every rental of this provider is settled. A pending rental
    /// past its start window can be settled by anyone (`settleNoShow`), so this never waits on the renter.
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

    function getProvider(address provider)
        external
        view
        returns (uint32 id, uint256 stake, uint32 activeRentals, uint64 registeredAt, string memory endpoint)
    {
        ProviderState storage p = _providers[provider];
        return (p.id, p.stake, p.active, p.registeredAt, endpointOf[provider]);
    }

    function _checkEndpoint(string calldata endpoint) internal pure {
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_BYTES) revert InvalidEndpoint();
    }
}
