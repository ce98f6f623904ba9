"""The application layer: the live service, lookups and the replies every adapter renders."""
