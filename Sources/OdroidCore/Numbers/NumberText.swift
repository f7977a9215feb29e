/// Reads the numbers people write in profiles and on the command line (`0x40008000`, `1_048_576`, `512M`,
/// `2GiB`, `64G`) with checked arithmetic: text whose value does not fit in 64 bits is a problem to report,
/// never a wrap-around or a trap. The profile reader and every size or address option use it, so one rule
/// decides what a number is.
public enum NumberText {
    /// Why a text is not a number.
    public enum Problem: Error, Equatable, Sendable {
        /// Not written as a number at all.
        case notANumber
        /// Written as a number, but larger than 2^64 - 1 (after its unit is applied, for a size).
        case tooLarge

        /// Text for a diagnostic that quotes the input first: "'99999999T' " + reason.
        public var reason: String {
            switch self {
            case .notANumber: return "is not a number"
            case .tooLarge: return "is too large (more than 2^64 - 1 bytes, 16 EiB)"
            }
        }
    }

    /// Binary units a size may end in; the short and the IEC spelling mean the same.
    public static let units: [(suffix: String, factor: UInt64)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
        ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("T", 1 << 40),
    ]

    /// A non-negative integer: decimal, or hex with `0x`; `_` may separate digits.
    public static func integer(_ text: String) -> Result<UInt64, Problem> {
        let digits = text.filter { $0 != "_" }
        let (body, radix): (Substring, Int) =
            digits.hasPrefix("0x") || digits.hasPrefix("0X") ? (digits.dropFirst(2), 16) : (Substring(digits), 10)
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true }) else {
            return .failure(.notANumber)
        }
        guard let value = UInt64(body, radix: radix) else { return .failure(.tooLarge) }
        return .success(value)
    }

    /// A byte count: an integer, or an integer followed by K, M, G or T (KiB, MiB, GiB, TiB); surrounding
    /// spaces are ignored. The unit is applied with overflow checking.
    public static func size(_ text: String) -> Result<UInt64, Problem> {
        let trimmed = text.trimmingSpaces
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            let number = String(trimmed.dropLast(suffix.count)).trimmingSpaces
            switch integer(number) {
            case .failure(let problem): return .failure(problem)
            case .success(let n):
                let (product, overflow) = n.multipliedReportingOverflow(by: factor)
                return overflow ? .failure(.tooLarge) : .success(product)
            }
        }
        return integer(trimmed)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
