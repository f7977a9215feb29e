import Testing
import TestSupport

@testable import OdroidCLI

/// The phase a failure names is what a user (and a script grepping stderr) reads: "odroid-build: <phase> failed".
@Suite("Failure phases", .tags(.pure))
struct FailurePhaseTests {
    @Test(arguments: [
        (FailurePhase.loadingProfile("odroidxu"), "loading profile 'odroidxu'"),
        (.installing("3.12.3 on /boot/uboot"), "installing 3.12.3 on /boot/uboot"),
        (.installing(nil), "installing"),
        (.writing(nil), "writing"),
        (.writing("card.img"), "writing card.img"),
        (.switchingDefault(to: "3.12.3"), "switching to 3.12.3"),
        (.rendering("the prompt lines"), "rendering the prompt lines"),
        (.checkingBuiltFiles, "checking the built files"),
        (.lockingWorkDirectory, "locking the work directory"),
        (.dtbCheck, "dtb check"),
    ])
    func eachPhaseReadsAsBefore(phase: FailurePhase, text: String) {
        #expect(phase.description == text)
    }

    @Test func aFailedStepExitsOneAndBadInputTwo() {
        #expect(CLIError.failed(phase: .building, "make: *** [vmlinux] Error 2").exitCode == 1)
        #expect(CLIError.usage("--kernel: empty").exitCode == 2)
    }
}
