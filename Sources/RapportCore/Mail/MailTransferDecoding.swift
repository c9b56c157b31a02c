import Foundation

/// Content-Transfer-Encoding decoders, tolerant of what real mail does to them (bad padding, stray
/// whitespace and line breaks, lower-case hex, truncation).
enum MailTransferDecoding {
    static func decode(_ body: ArraySlice<UInt8>, encoding: String) -> [UInt8] {
        switch encoding {
        case "base64": base64(body)
        case "quoted-printable": quotedPrintable(body)
        default: Array(body)
        }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        table[Int(UInt8(ascii: "-"))] = 62  // base64url, seen from some web mailers
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Skips anything outside the alphabet; "=" ends a quantum, so concatenated padded chunks still decode.
    static func base64<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var quantum: UInt32 = 0
        var count = 0
        func flush() {
            switch count {
            case 2: output.append(UInt8(truncatingIfNeeded: quantum >> 4))
            case 3:
                output.append(UInt8(truncatingIfNeeded: quantum >> 10))
                output.append(UInt8(truncatingIfNeeded: quantum >> 2))
            default: break
            }
            quantum = 0
            count = 0
        }
        for byte in input {
            if byte == UInt8(ascii: "=") {
                flush()
                continue
            }
            let value = base64Values[Int(byte)]
            if value == 0xFF { continue }
            quantum = quantum << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 16))
                output.append(UInt8(truncatingIfNeeded: quantum >> 8))
                output.append(UInt8(truncatingIfNeeded: quantum))
                quantum = 0
                count = 0
            }
        }
        flush()
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Quoted-printable body: soft line breaks joined, trailing whitespace dropped, a bad escape kept as text.
    static func quotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = input.startIndex
        let end = input.endIndex
        while index < end {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                var next = index + 1
                // "=" then optional whitespace then a line end: a soft break.
                while next < end, input[next] == 0x20 || input[next] == 0x09 { next += 1 }
                if next < end, input[next] == 0x0D, next + 1 < end, input[next + 1] == 0x0A {
                    index = next + 2
                    continue
                }
                if next < end, input[next] == 0x0A || input[next] == 0x0D {
                    index = next + 1
                    continue
                }
                if next == end {
                    index = end
                    continue
                }
                if index + 2 < end, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                output.append(byte)
                index += 1
            } else if byte == 0x20 || byte == 0x09 {
                // Trailing whitespace on a line is transport padding.
                var next = index
                while next < end, input[next] == 0x20 || input[next] == 0x09 { next += 1 }
                if next == end || input[next] == 0x0D || input[next] == 0x0A {
                    index = next
                } else {
                    output.append(contentsOf: input[index..<next])
                    index = next
                }
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Q encoding of RFC 2047: like quoted-printable, with "_" for a space.
    static func qEncoded<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                output.append(0x20)
                index += 1
            } else if byte == UInt8(ascii: "="), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}
