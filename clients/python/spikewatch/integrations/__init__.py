"""Logging from training frameworks: `spikewatch.integrations.trl`."""
