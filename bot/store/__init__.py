"""The bot's own data: SQLite by default, PostgreSQL when DATABASE_URL says so (no Discord)."""
