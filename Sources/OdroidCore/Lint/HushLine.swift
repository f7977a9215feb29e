/// One line as u-boot's hush reads it (2012.07's common/hush.c and mainline's cli_hush.c behave alike here):
/// words split at blanks and `;` outside quotes, `"` and `'` quoting (a `'` is special even inside `"..."`:
/// hush pairs it, or fails the line), `\` escaping the next byte, and `#` at the start of a word beginning
/// a comment. Only what the lint needs: the words, where a comment starts, and the quoting problems.
struct HushLine: Equatable {
    /// The words; quoted text counts as part of a word but never as a keyword, and only a word where a
    /// command starts (first on the line, after `;`, `&&`, `||`, or after then/do/else) can be one.
    var words: [(text: String, quoted: Bool, commandPosition: Bool)]
    /// Byte offset where a `#` comment starts, if any.
    var commentStart: Int?
    /// A `"` left open at the end of the line.
    var unclosedDouble: Bool
    /// `'` quotes inside `"..."` (hush still treats them as quotes there), and whether one is left unpaired.
    /// Single quotes at the top level are ordinary quoting (`setenv cmd 'a; b'`).
    var singleQuotes: Int
    var unclosedSingle: Bool
    /// The line ends with a backslash (a continuation only a whole-script parser honours).
    var endsWithBackslash: Bool

    static func == (a: HushLine, b: HushLine) -> Bool {
        a.words.map(\.text) == b.words.map(\.text) && a.commentStart == b.commentStart && a.unclosedDouble == b.unclosedDouble
            && a.singleQuotes == b.singleQuotes && a.unclosedSingle == b.unclosedSingle && a.endsWithBackslash == b.endsWithBackslash
    }

    init(_ line: String) {
        let bytes = Array(line.utf8)
        var words: [(String, Bool, Bool)] = []
        var atCommand = true
        var current: [UInt8] = []
        var currentQuoted = false
        var inWord = false
        var double = false, single = false
        var singles = 0
        var comment: Int?
        var index = 0
        func endWord() {
            if inWord {
                let text = String(decoding: current, as: UTF8.self)
                words.append((text, currentQuoted, atCommand))
                atCommand = !currentQuoted && ["then", "do", "else", "elif", "&&", "||", "!"].contains(text)
            }
            current = []
            currentQuoted = false
            inWord = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if single {
                // Back to where the quote began (inside "..." when it began there: hush's quirk).
                if byte == UInt8(ascii: "'") { single = false } else { current.append(byte) }
            } else if byte == UInt8(ascii: "'") {
                if double { singles += 1 }
                single = true
                inWord = true
                currentQuoted = true
            } else if double {
                if byte == UInt8(ascii: "\"") {
                    double = false
                } else if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    index += 1
                    current.append(bytes[index])
                } else {
                    current.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    double = true
                    inWord = true
                    currentQuoted = true
                case UInt8(ascii: "\\") where index + 1 < bytes.count:
                    index += 1
                    current.append(bytes[index])
                    inWord = true
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    endWord()
                case UInt8(ascii: ";"):
                    endWord()
                    atCommand = true
                case UInt8(ascii: "#") where !inWord:
                    comment = index
                    index = bytes.count
                    continue
                default:
                    current.append(byte)
                    inWord = true
                }
            }
            index += 1
        }
        endWord()
        if single && !double { singles += 1 }  // an unpaired top-level quote: a syntax error
        self.words = words
        commentStart = comment
        unclosedDouble = double
        singleQuotes = singles
        unclosedSingle = single
        endsWithBackslash = comment == nil && bytes.last == UInt8(ascii: "\\") && !line.hasSuffix("\\\\")
    }

    /// Blocks opened (`if`, `for`, `while`, `until`) minus closed (`fi`, `done`) on this line, counting only
    /// unquoted words.
    var blockBalance: Int {
        words.reduce(0) { sum, word in
            guard !word.quoted, word.commandPosition else { return sum }
            switch word.text {
            case "if", "for", "while", "until": return sum + 1
            case "fi", "done": return sum - 1
            default: return sum
            }
        }
    }

    /// The first unquoted word: the command, or a block keyword.
    var command: String? { words.first { !$0.quoted && $0.commandPosition }?.text }
}
