"""Custom actions of Spoorwijzer, served by the rasa-sdk action server."""
