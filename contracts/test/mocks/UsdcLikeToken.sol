// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @dev Shaped like Circle's FiatTokenV2_2 as the market meets it: used through a proxy, 6 decimals,
/// an EIP-2612 permit in the domain {"USD Coin", "2"}, a blacklist that refuses transfers from or to
/// a listed address (and approvals by one), and a pause that refuses every transfer and approval.
/// State lives in the proxy; `initialize` sets the admin (blacklister and pauser) once.
contract UsdcLikeToken is ERC20, EIP712, Nonces, IERC20Permit {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    address public admin;
    bool public paused;
    mapping(address account => bool) public isBlacklisted;

    error AlreadyInitialized();
    error NotAdmin();
    error Paused();
    error Blacklisted(address account);
    error PermitExpired(uint256 deadline);
    error InvalidPermitSigner(address signer, address owner);

    constructor() ERC20("", "") EIP712("USD Coin", "2") {}

    function initialize(address admin_) external {
        if (admin != address(0)) revert AlreadyInitialized();
        admin = admin_;
    }

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin();
        _;
    }

    function name() public pure override returns (string memory) {
        return "USD Coin";
    }

    function symbol() public pure override returns (string memory) {
        return "USDC";
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external onlyAdmin {
        _mint(to, amount);
    }

    function blacklist(address account) external onlyAdmin {
        isBlacklisted[account] = true;
    }

    function unBlacklist(address account) external onlyAdmin {
        isBlacklisted[account] = false;
    }

    function pause() external onlyAdmin {
        paused = true;
    }

    function unpause() external onlyAdmin {
        paused = false;
    }

    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        if (block.timestamp > deadline) revert PermitExpired(deadline);
        bytes32 digest =
            _hashTypedDataV4(keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline)));
        address signer = ECDSA.recover(digest, v, r, s);
        if (signer != owner) revert InvalidPermitSigner(signer, owner);
        _approve(owner, spender, value);
    }

    function nonces(address owner) public view override(IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _update(address from, address to, uint256 value) internal override {
        if (paused) revert Paused();
        if (isBlacklisted[msg.sender]) revert Blacklisted(msg.sender);
        if (isBlacklisted[from]) revert Blacklisted(from);
        if (isBlacklisted[to]) revert Blacklisted(to);
        super._update(from, to, value);
    }

    function _approve(address owner, address spender, uint256 value, bool emitEvent) internal override {
        if (paused) revert Paused();
        if (isBlacklisted[owner]) revert Blacklisted(owner);
        if (isBlacklisted[spender]) revert Blacklisted(spender);
        super._approve(owner, spender, value, emitEvent);
    }
}

/// @dev The proxy the token is used through, as USDC is: state in the proxy, code in UsdcLikeToken.
contract UsdcLikeProxy is ERC1967Proxy {
    constructor(address implementation, bytes memory initData) ERC1967Proxy(implementation, initData) {}
}
