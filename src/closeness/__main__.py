from closeness.cli.main import main

raise SystemExit(main())
