"""Measuring promises: business time on a kbgen calendar."""
