/* sfxm: small enhancements of the public site. Served from the site itself; no network. */
