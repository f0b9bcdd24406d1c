"""Storage adapters: the schema, migrations, repositories and the unit of work."""
