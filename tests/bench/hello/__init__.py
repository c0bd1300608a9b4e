"""The benchmark's baseline: a bare Django "hello world" under the same gunicorn settings.

No apps, no middleware, no database: what any Django page costs at least on this machine.
"""
