"""Load benchmark of the site under gunicorn against a bare Django baseline (`make bench`)."""
