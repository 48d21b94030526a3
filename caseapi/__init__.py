"""The case API: the re-integration firm's cases, looked up by the bot with dossiernummer + code.

See docs/case-api.md for the contract.
"""
__version__ = "1.0.0"
