# The two commands of the README: `make run` opens ReelDesk, `make check` is the whole gate.
VENV := .venv/bin
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run check lint typecheck contract test bench bootstrap

bootstrap:
	@scripts/bootstrap.sh

run: bootstrap
	@env -u QT_QPA_PLATFORM $(VENV)/reeldesk $(ARGS)

check: bootstrap lint typecheck contract test

lint:
	$(VENV)/ruff check app ui tests scripts
	$(VENV)/ruff format --check app ui tests scripts

typecheck:
	$(VENV)/mypy

contract:
	$(VENV)/lint-imports

test:
	$(VENV)/python -m pytest -q

bench: bootstrap
	$(VENV)/python -m tests.bench
