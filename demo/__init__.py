"""
The MetroHartford Alliance demo site, built by ``manage.py load_demo_content``.

``content`` holds the words (English), ``es`` their Spanish translations, ``images``
and ``pdf`` make the media locally, and ``loader`` puts it all in the database, in
place, so that loading twice leaves one copy of everything.
"""
