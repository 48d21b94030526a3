"""The phases of a re-integration traject: one list for the case API, which stores
them, and the bot, which explains each one (response ``utter_fase_<phase>``)."""

PHASES = ("intake", "orientatie", "arbeidsmarktgericht", "nazorg", "afgerond", "spoor1")
