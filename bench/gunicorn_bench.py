"""gunicorn settings for every benchmark server alike (the repo's gunicorn.conf.py is for
production: its max_requests recycling would make short runs measure worker restarts)."""

workers = 2
worker_class = "sync"
preload_app = True
accesslog = None
