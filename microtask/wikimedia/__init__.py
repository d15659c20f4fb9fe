"""Clients for the Wikimedia services: I/O only, async, no domain logic."""
