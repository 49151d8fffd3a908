"""Transactional mail: queued in the outbox with the request's transaction, sent by the worker."""
