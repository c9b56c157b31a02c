import Foundation

/// HTML character references: the named entities mail HTML uses (all of Latin-1, typography,
/// arrows, maths, Greek, and the HTML5 punctuation names), decimal and hexadecimal references.
enum HTMLEntities {
    /// Names valid without the closing semicolon, as browsers accept them in text.
    static let legacyWithoutSemicolon: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]

    static let named: [String: String] = {
        var table: [String: String] = [:]
        let latin1 = """
            nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 \
            acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde \
            Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc \
            Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml \
            aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc \
            otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml
            """
        for (offset, name) in latin1.split(separator: " ").enumerated() {
            table[String(name)] = String(Character(Unicode.Scalar(UInt8(160 + offset))))
        }
        let greekUpper = "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho - Sigma Tau Upsilon Phi Chi Psi Omega"
        for (offset, name) in greekUpper.split(separator: " ").enumerated() where name != "-" {
            table[String(name)] = scalarString(913 + offset)
        }
        let greekLower = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega"
        for (offset, name) in greekLower.split(separator: " ").enumerated() {
            table[String(name)] = scalarString(945 + offset)
        }
        let others: [(String, Int)] = [
            ("quot", 34), ("amp", 38), ("apos", 39), ("lt", 60), ("gt", 62), ("Tab", 9), ("NewLine", 10),
            ("excl", 33), ("num", 35), ("dollar", 36), ("percnt", 37), ("lpar", 40), ("rpar", 41), ("ast", 42),
            ("plus", 43), ("comma", 44), ("period", 46), ("sol", 47), ("colon", 58), ("semi", 59), ("equals", 61),
            ("quest", 63), ("commat", 64), ("lsqb", 91), ("lbrack", 91), ("bsol", 92), ("rsqb", 93), ("rbrack", 93),
            ("Hat", 94), ("lowbar", 95), ("grave", 96), ("lcub", 123), ("lbrace", 123), ("verbar", 124),
            ("vert", 124), ("rcub", 125), ("rbrace", 125),
            ("OElig", 338), ("oelig", 339), ("Scaron", 352), ("scaron", 353), ("Yuml", 376), ("fnof", 402),
            ("circ", 710), ("tilde", 732), ("thetasym", 977), ("upsih", 978), ("piv", 982),
            ("ensp", 8194), ("emsp", 8195), ("thinsp", 8201), ("zwnj", 8204), ("zwj", 8205), ("lrm", 8206),
            ("rlm", 8207), ("hyphen", 8208), ("dash", 8208), ("ndash", 8211), ("mdash", 8212), ("horbar", 8213),
            ("lsquo", 8216), ("rsquo", 8217), ("rsquor", 8217), ("sbquo", 8218), ("lsquor", 8218), ("ldquo", 8220),
            ("rdquo", 8221), ("rdquor", 8221), ("bdquo", 8222), ("ldquor", 8222), ("dagger", 8224), ("Dagger", 8225),
            ("bull", 8226), ("bullet", 8226), ("hellip", 8230), ("mldr", 8230), ("permil", 8240), ("prime", 8242),
            ("Prime", 8243), ("lsaquo", 8249), ("rsaquo", 8250), ("oline", 8254), ("frasl", 8260), ("euro", 8364),
            ("image", 8465), ("weierp", 8472), ("real", 8476), ("trade", 8482), ("TRADE", 8482), ("alefsym", 8501),
            ("larr", 8592), ("uarr", 8593), ("rarr", 8594), ("darr", 8595), ("harr", 8596), ("crarr", 8629),
            ("lArr", 8656), ("uArr", 8657), ("rArr", 8658), ("dArr", 8659), ("hArr", 8660), ("forall", 8704),
            ("part", 8706), ("exist", 8707), ("empty", 8709), ("nabla", 8711), ("isin", 8712), ("notin", 8713),
            ("ni", 8715), ("prod", 8719), ("sum", 8721), ("minus", 8722), ("lowast", 8727), ("radic", 8730),
            ("prop", 8733), ("infin", 8734), ("ang", 8736), ("and", 8743), ("or", 8744), ("cap", 8745),
            ("cup", 8746), ("int", 8747), ("there4", 8756), ("sim", 8764), ("cong", 8773), ("asymp", 8776),
            ("ne", 8800), ("equiv", 8801), ("le", 8804), ("ge", 8805), ("sub", 8834), ("sup", 8835),
            ("nsub", 8836), ("sube", 8838), ("supe", 8839), ("oplus", 8853), ("otimes", 8855), ("perp", 8869),
            ("sdot", 8901), ("lceil", 8968), ("rceil", 8969), ("lfloor", 8970), ("rfloor", 8971), ("lang", 9001),
            ("rang", 9002), ("loz", 9674), ("spades", 9824), ("clubs", 9827), ("hearts", 9829), ("diams", 9830),
            ("check", 10003), ("cross", 10007), ("star", 9734), ("starf", 9733), ("phone", 9742), ("female", 9792),
            ("male", 9794), ("sharp", 9839), ("flat", 9837), ("copysr", 8471), ("half", 189), ("centerdot", 183),
        ]
        for (name, code) in others { table[name] = scalarString(code) }
        return table
    }()

    /// Browsers read C1 control references as Windows-1252 (what the author meant).
    private static let windows1252: [Int: Int] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
        0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
        0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
        0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]

    static func scalarString(_ code: Int) -> String {
        let mapped = windows1252[code] ?? code
        guard mapped > 0, let scalar = Unicode.Scalar(UInt32(clamping: mapped)) else { return "\u{FFFD}" }
        return String(Character(scalar))
    }

    /// Decodes every character reference in `text`; unknown or broken references stay as written.
    /// In attribute values a reference without semicolon followed by a letter, digit or "=" stays literal.
    static func decode(_ text: some StringProtocol, inAttribute: Bool = false) -> String {
        guard text.contains("&") else { return String(text) }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "&", index + 1 < scalars.count else {
                out.append(scalar)
                index += 1
                continue
            }
            if let (replacement, length) = reference(at: index, in: scalars, inAttribute: inAttribute) {
                out.append(contentsOf: replacement.unicodeScalars)
                index += length
            } else {
                out.append(scalar)
                index += 1
            }
        }
        return String(out)
    }

    /// The reference starting at `start` ("&...") and how many scalars it spans.
    private static func reference(at start: Int, in scalars: [Unicode.Scalar], inAttribute: Bool) -> (String, Int)? {
        var index = start + 1
        if scalars[index] == "#" {
            index += 1
            var hex = false
            if index < scalars.count, scalars[index] == "x" || scalars[index] == "X" {
                hex = true
                index += 1
            }
            let digitsStart = index
            var value = 0
            while index < scalars.count, let digit = digitValue(scalars[index], hex: hex) {
                value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                index += 1
            }
            guard index > digitsStart else { return nil }
            if index < scalars.count, scalars[index] == ";" { index += 1 }
            let valid = value > 0 && value < 0x110000 && !(0xD800...0xDFFF).contains(value)
            return (valid ? scalarString(value) : "\u{FFFD}", index - start)
        }
        let nameStart = index
        while index < scalars.count, index - nameStart < 32, isASCIIAlphanumeric(scalars[index]) {
            index += 1
        }
        guard index > nameStart else { return nil }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
        if index < scalars.count, scalars[index] == ";", let value = named[name] {
            return (value, index + 1 - start)
        }
        // Without semicolon: the longest legacy name that prefixes the run of letters.
        for length in stride(from: min(name.count, 4), through: 2, by: -1) {
            let prefix = String(name.prefix(length))
            guard legacyWithoutSemicolon.contains(prefix), let value = named[prefix] else { continue }
            let next = nameStart + length
            if inAttribute, next < scalars.count {
                let following = scalars[next]
                if following == "=" || isASCIIAlphanumeric(following) {
                    return nil
                }
            }
            return (value, next - start)
        }
        return nil
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func digitValue(_ scalar: Unicode.Scalar, hex: Bool) -> Int? {
        switch scalar {
        case "0"..."9": return Int(scalar.value - 48)
        case "a"..."f" where hex: return Int(scalar.value - 87)
        case "A"..."F" where hex: return Int(scalar.value - 55)
        default: return nil
        }
    }
}
