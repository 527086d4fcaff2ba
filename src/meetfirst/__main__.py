from meetfirst.cli.main import run

run()
