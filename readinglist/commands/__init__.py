"""The `rl` commands, one module per area. Each command parses, calls the core, prints."""
