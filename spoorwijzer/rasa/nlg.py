"""Rasa's own response templates, with the amounts of data/bedragen.yml filled in.

Configured as the `nlg` endpoint (endpoints.yml), so every way a response is sent (a
rule's `utter_faq`, a custom action naming a response, `rasa shell`) gets the amounts.
Values an action passes win over an amount of the same name.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from spoorwijzer.poortwachter import bedragen


class AmountsNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        return self.generate_from_slots(
            utter_action, tracker.current_slot_values(), output_channel, **{**bedragen.values(), **kwargs}
        )
