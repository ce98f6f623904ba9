"""Discord glue: the bot class, the cog, views and option transformers, the launcher."""
