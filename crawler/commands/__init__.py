"""Command modules of `thidua` (see thidua/cli.py COMMANDS): configure(parser) and main(args)."""
