"""Settings of the case API, read from the environment (defaults in scripts/env.sh)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from spoorwijzer import case_api_defaults

DEV_BOT_TOKEN = case_api_defaults.DEV_BOT_TOKEN
DEV_ADMIN_TOKEN = case_api_defaults.DEV_ADMIN_TOKEN


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///var/cases.db"
    host: str = "127.0.0.1"
    port: int = case_api_defaults.PORT
    bot_token: str = DEV_BOT_TOKEN
    admin_token: str = DEV_ADMIN_TOKEN
    max_failed: int = 5
    lock_minutes: float = 15.0  # a fraction is allowed, so tests can lock for seconds
    demo_data: bool = True

    def __post_init__(self) -> None:
        if not self.bot_token or not self.admin_token:
            raise ValueError("CASE_API_TOKEN and CASE_API_ADMIN_TOKEN must not be empty")
        # Equal tokens would give the bot every coach right.
        if self.bot_token == self.admin_token:
            raise ValueError("CASE_API_TOKEN and CASE_API_ADMIN_TOKEN must differ")
        if self.max_failed < 1 or self.lock_minutes <= 0:
            raise ValueError("CASE_API_MAX_FAILED must be >= 1 and CASE_API_LOCK_MINUTES > 0")

    @property
    def uses_dev_tokens(self) -> bool:
        return bool({self.bot_token, self.admin_token} & {DEV_BOT_TOKEN, DEV_ADMIN_TOKEN})


def load_settings() -> Settings:
    env = os.environ.get
    return Settings(
        database_url=env("DATABASE_URL", "").strip() or Settings.database_url,
        host=env("CASE_API_HOST", "").strip() or Settings.host,
        port=int(env("CASE_API_PORT", "").strip() or Settings.port),
        bot_token=env("CASE_API_TOKEN", DEV_BOT_TOKEN),
        admin_token=env("CASE_API_ADMIN_TOKEN", DEV_ADMIN_TOKEN),
        max_failed=int(env("CASE_API_MAX_FAILED", "").strip() or Settings.max_failed),
        lock_minutes=float(env("CASE_API_LOCK_MINUTES", "").strip() or Settings.lock_minutes),
        demo_data=env("CASE_API_DEMO_DATA", "1").strip().lower() not in ("0", "false", "no", "off"),
    )
