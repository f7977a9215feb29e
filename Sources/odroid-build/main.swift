import OdroidCLI

OdroidBuild.runMain()
