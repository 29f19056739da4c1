from closeness.cli import main

raise SystemExit(main())
