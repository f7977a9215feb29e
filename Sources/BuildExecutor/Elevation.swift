import CommandValues
import OdroidProcess

/// Runs a privileged command through the configured elevation command when the tool is not root:
/// `sudo env ARCH=arm CROSS_COMPILE=… make …`, because sudo would drop the command's own variables.
public enum Elevation {
    public static func wrap(_ command: Command, with elevation: [String]) -> Command {
        let variables = command.environment.keys.sorted().map { "\($0)=\(command.environment[$0]!)" }
        let argv = elevation + (variables.isEmpty ? [] : ["env"] + variables) + command.argv
        return Command(argv, environment: [:], workingDirectory: command.workingDirectory)
    }
}
