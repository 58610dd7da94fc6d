"""``python -m mockserver``: the command line, for when the ``mockserver`` script is not on PATH."""

from mockserver.cli import main

main(prog_name="mockserver")
