"""One module per headless subcommand; each has add_arguments(parser) and run(args) -> exit code."""
