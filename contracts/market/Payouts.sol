// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title Payouts — money in with an exact-amount check, money out that never blocks a state change
/// @notice A payout whose transfer fails (the payee is blacklisted by the token, the token is paused)
/// is credited to the payee instead, who takes it out later with `withdraw(token)`. So no call that
/// changes a rental's state depends on a transfer to someone else succeeding.
abstract contract Payouts is ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Payouts owed to `account` in `token` whose transfer failed when they fell due.
    mapping(address account => mapping(address token => uint256)) public credit;

    event Credited(address indexed account, address indexed token, uint256 amount);
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    error NothingToWithdraw(address token);
    error TransferMismatch(uint256 expected, uint256 received);

    /// @notice Take out everything credited to the caller in `token`. Reverts (and keeps the credit)
    /// while the token still refuses the transfer.
    function withdraw(address token) external nonReentrant {
        uint256 amount = credit[msg.sender][token];
        if (amount == 0) revert NothingToWithdraw(token);
        credit[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    /// @dev Transfers `amount` to `to`, or credits it to `to` when the token refuses.
    function _pay(address token, address to, uint256 amount) internal {
        if (amount == 0) return;
        if (!SafeERC20.trySafeTransfer(IERC20(token), to, amount)) {
            credit[to][token] += amount;
            emit Credited(to, token, amount);
        }
    }

    /// @dev The token the market was deployed with (stake and payment token 1): trusted to move
    /// exact amounts. Every other token's pull is checked.
    function _trustedToken() internal view virtual returns (address);

    /// @dev Pulls exactly `amount` from the caller or reverts: fee-on-transfer and other
    /// short-changing tokens fail here.
    function _pull(address token, uint256 amount) internal returns (uint256) {
        if (token == _trustedToken()) {
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
            return amount;
        }
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert TransferMismatch(amount, received);
        return amount;
    }
}
