"""DeepSeek's account balance: `GET /user/balance` as `Balance`.

https://api-docs.deepseek.com/api/get-user-balance
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from litellm_py.exceptions import APIResponseValidationError
from litellm_py.providers.openai_compatible.provider import list_field

__all__ = ["Balance", "BalanceInfo", "parse_balance"]


@dataclass(frozen=True, slots=True)
class BalanceInfo:
    """One currency's balance; amounts are exact `Decimal`s."""

    currency: str
    total_balance: Decimal
    granted_balance: Decimal
    topped_up_balance: Decimal


@dataclass(frozen=True, slots=True)
class Balance:
    """Whether the account can pay for calls, and its balances per currency."""

    is_available: bool
    balances: list[BalanceInfo] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


def parse_balance(payload: dict[str, Any], provider: str = "deepseek") -> Balance:
    """The balance body -> `Balance` (amounts are strings on the wire, `Decimal` here)."""
    try:
        infos = [
            BalanceInfo(
                currency=str(item["currency"]),
                total_balance=Decimal(str(item["total_balance"])),
                granted_balance=Decimal(str(item.get("granted_balance", "0"))),
                topped_up_balance=Decimal(str(item.get("topped_up_balance", "0"))),
            )
            for item in list_field(provider, payload, "balance_infos")
        ]
    except (KeyError, TypeError, InvalidOperation) as exc:
        raise APIResponseValidationError(
            f"DeepSeek balance response is malformed ({exc!r}): {str(payload)[:200]}",
            body=payload,
            provider=provider,
        ) from None
    return Balance(is_available=bool(payload.get("is_available")), balances=infos, raw=payload)
