"""The `thidua` sub-commands of the graph stage: configure(parser) and main(args) each."""
