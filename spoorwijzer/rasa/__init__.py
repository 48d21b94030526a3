"""Every Rasa plugin and patch of the project: the channels, the tracker and lock stores,
the NLU components, the dialogue policy, the NLG and the fixes to Rasa itself."""
