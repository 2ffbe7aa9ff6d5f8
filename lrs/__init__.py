"""LRS: the outbox of xAPI statements and their delivery to a learning record store."""
