import BuildExecutor
import CommandValues
import OdroidProcess
import TestSupport
import Testing

@Suite("Privileged steps run through the elevation command when not root")
struct ElevationTests {
    @Test(.tags(.pure)) func variablesTravelThroughEnvBecauseSudoDropsThem() {
        let command = Command(
            ["make", "-C", "/src", "INSTALL_MOD_PATH=/", "modules_install"],
            environment: ["CROSS_COMPILE": "arm-linux-gnueabihf-", "ARCH": "arm"], workingDirectory: "/w")
        let wrapped = Elevation.wrap(command, with: ["sudo", "-n"])
        #expect(
            wrapped.argv == [
                "sudo", "-n", "env", "ARCH=arm", "CROSS_COMPILE=arm-linux-gnueabihf-",
                "make", "-C", "/src", "INSTALL_MOD_PATH=/", "modules_install",
            ])
        #expect(wrapped.environment.isEmpty)
        #expect(wrapped.workingDirectory == "/w")
    }

    @Test(.tags(.pure)) func commandWithoutVariablesIsOnlyPrefixed() {
        #expect(Elevation.wrap(Command(["depmod", "-a"]), with: ["doas"]).argv == ["doas", "depmod", "-a"])
    }

    @Test(.tags(.realProcess)) func missingElevationCommandExplainsWhatToRunAsRoot() throws {
        let space = try FixtureWorkspace()
        let plan = space.plan()
        #expect(plan.step("modules-install")?.privileged == false, "a staging path needs no root")

        var privileged = plan
        let index = try #require(privileged.steps.firstIndex { $0.id == "modules-install" })
        privileged.steps[index].privileged = true
        #expect {
            try space.executor(
                plan: privileged,
                options: {
                    $0.isRoot = false; $0.elevation = ["no-such-sudo-odroid"]; $0.checkTools = false
                }
            ).run()
        } throws: { error in
            guard case ExecutionError.stepFailed(let failure) = error else { return false }
            return failure.step == "modules-install" && failure.reason.contains("'no-such-sudo-odroid' is not installed; run it as root: ")
                && failure.reason.contains("modules_install")
        }
    }
}
