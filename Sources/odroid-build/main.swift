import OdroidCLI

OdroidBuild.main()
