"""`python -m guidebuilder`: the same as the guidebuilder command."""
from .cli import run

run()
