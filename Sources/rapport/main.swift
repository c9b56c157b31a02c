import Rapport

await RapportCommand.start()
