import Foundation
import Testing

@testable import RapportCore

@Suite("MIME parsing never crashes")
struct MailRobustnessTests {
    /// A fixed-seed generator so a failure can be reproduced.
    private struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("random bytes, and random bytes after a valid header, parse or throw")
    func randomBytes() {
        var random = SplitMix(state: 42)
        for round in 0..<300 {
            let length = Int.random(in: 0..<600, using: &random)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            if round % 2 == 0 { bytes = Array("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n".utf8) + bytes }
            _ = try? MailParser.parse(bytes)
        }
    }

    @Test("every truncation of every corpus message parses or throws", arguments: MailCorpusCase.all())
    func truncations(_ item: MailCorpusCase) {
        let step = max(1, item.raw.count / 97)
        var length = 0
        while length < item.raw.count {
            _ = try? MailParser.parse(Array(item.raw[..<length]))
            length += step
        }
    }
}
