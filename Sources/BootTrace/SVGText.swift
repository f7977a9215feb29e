/// Escaping and number formatting shared by the trace's SVG pictures.
enum SVGText {
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// `1234567` as `1.23 M`, for instruction counts on axes and labels.
    static func count(_ value: UInt64) -> String {
        let number = Double(value)
        if number >= 1e9 { return String(Int((number / 1e7).rounded())).inserting(at: 2) + " G" }
        if number >= 1e6 { return SVGText.number(number / 1e6) + " M" }
        if number >= 1e3 { return SVGText.number(number / 1e3) + " k" }
        return String(value)
    }
}

extension String {
    fileprivate func inserting(at fromEnd: Int) -> String {
        var text = self
        text.insert(".", at: text.index(text.endIndex, offsetBy: -fromEnd))
        return text
    }
}
