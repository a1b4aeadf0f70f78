"""``python -m mantimon.storage.sql {upgrade,downgrade,current} [REVISION] [--url URL]``."""

from mantimon.storage.sql.migrate import main

raise SystemExit(main())
