"""Number formats of the site's languages, where they differ from Django's (settings
``FORMAT_MODULE_PATH``)."""
