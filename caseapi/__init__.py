"""The case API: the re-integration firm's cases, looked up by the bot with dossiernummer + code.

See docs/case-api.md for the contract.
"""

from pathlib import Path

from spoorwijzer.poortwachter.teksten import Teksten

__version__ = "1.0.0"

# What the commands print (the coaches' command line, the service's start): content, not code.
TEKSTEN = Teksten(Path(__file__).with_name("teksten.yml"))
