"""rl: a paper-tracking command line tool and personal knowledge base for a reading list."""

__version__ = "0.1.0"
