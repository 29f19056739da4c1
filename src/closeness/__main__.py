from closeness.cli.entry import main

raise SystemExit(main())
