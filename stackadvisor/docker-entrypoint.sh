#!/bin/sh
# The container's entry point: bring the database schema up to date, load the starting
# content when DJANGO_LOAD_STARTING_CONTENT=true (it never overwrites editors' changes),
# then replace this shell with gunicorn so that it receives the container's signals.
# With arguments, runs them instead (for one-off commands: manage.py createsuperuser, ...).
set -eu
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
    exec "$@"
fi

python manage.py migrate --no-input

case "${DJANGO_LOAD_STARTING_CONTENT:-false}" in
    true | 1 | yes | on)
        python manage.py load_starting_content
        ;;
esac

exec gunicorn -c stackadvisor/gunicorn.conf.py stackadvisor.wsgi
