import Foundation

/// Deterministic text for the ticket benchmark: words drawn with Zipf's law from a vocabulary of
/// everyday support English and about 27,000 made-up words, product names and order numbers, so
/// that the search index has the shape of a real one (a few very common words, a long tail).
struct TicketBenchCorpus: Sendable {
    static let supportWords = """
        the i my and to a it is was of for in not have on with you this that order we please but be \
        can at your me when from they again still no after would has received did will like just an \
        or are there about what been get its know could help if any thanks hello hi since why how \
        refund delivery parcel invoice payment charged twice account password login app website \
        broken damaged missing late wrong size colour color return exchange replacement warranty \
        repair engineer appointment cancel cancelled subscription renewal discount voucher coupon \
        price promised email phone call chat store manager complaint disappointed happy great \
        quickly today yesterday week weeks days month tracking courier address billing card bank \
        transfer statement receipt manual instructions setup install update error message screen \
        battery charger cable noise leak leaking smell crack cracked scratch dent stopped working \
        doesnt cannot wont help urgent asap waiting reply answer nobody called back twice three \
        times contact number reference hotline branch shop online checkout basket discount loyalty \
        points membership upgrade downgrade plan contract fee fees overcharged credit debit \
        dispatch dispatched shipped shipping box packaging label collection pickup courier driver
        """.split(whereSeparator: \.isWhitespace).map(String.init)
    static let syllables = [
        "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "ber", "dan", "fel", "gor", "hin", "jas",
        "kel", "lum", "mar", "nor", "pel", "quin", "ros", "sil", "tor", "ul", "ven", "wil", "xan", "yor", "zen",
    ]
    static let productKinds = [
        "kettle", "blender", "toaster", "mower", "drill", "heater", "fridge", "freezer", "oven", "hob", "router",
        "speaker", "headphones", "laptop", "tablet", "phone", "watch", "camera", "printer", "monitor", "sofa",
        "mattress", "bicycle", "scooter", "grill", "vacuum", "dishwasher", "washer", "dryer", "lamp",
    ]
    static let problems = [
        "Refund for", "Broken", "Late delivery of", "Question about", "Wrong", "Missing parts for", "Return",
        "Invoice for", "Warranty claim:", "Noisy", "Cannot set up", "Damaged", "Replacement", "Complaint about",
        "Charged twice for", "Help with", "Leaking", "Cancel order of", "Exchange", "Repair of",
    ]

    /// Every word by rank: the support words first (most frequent), then the made-up long tail.
    let words: [String]
    /// 65,536 ranks laid out by Zipf's law: a uniform draw from it is a Zipf-distributed rank.
    let zipf: [Int32]
    /// Product names ("Korvana kettle"): each appears in a few hundred tickets of a million.
    let products: [String]
    /// A pool of message bodies; each ticket's messages add its own product and order number.
    let bodies: [String]

    init(bodies bodyCount: Int = 60_000, seed: UInt64 = 7) {
        var made: [String] = []
        for a in Self.syllables { for b in Self.syllables { for c in Self.syllables { made.append(a + b + c) } } }
        var random = SeededRandom(seed: seed)
        for index in stride(from: made.count - 1, to: 0, by: -1) { made.swapAt(index, random.next(below: index + 1)) }
        words = Self.supportWords + made
        var table = [Int32](repeating: 0, count: 65_536)
        let harmonic = (1...words.count).reduce(0.0) { $0 + 1.0 / Double($1) }
        var cumulative = 0.0
        var rank = 0
        for slot in 0..<table.count {
            let target = (Double(slot) + 0.5) / Double(table.count) * harmonic
            while rank < words.count - 1, cumulative + 1.0 / Double(rank + 1) < target {
                cumulative += 1.0 / Double(rank + 1)
                rank += 1
            }
            table[slot] = Int32(rank)
        }
        zipf = table
        products = (0..<2_000).map { index in
            let name = made[index + 1_000]
            return name.prefix(1).uppercased() + name.dropFirst() + " " + Self.productKinds[index % Self.productKinds.count]
        }
        var pool: [String] = []
        pool.reserveCapacity(bodyCount)
        for _ in 0..<bodyCount {
            var text = ""
            let length = 12 + random.next(below: 36)
            for position in 0..<length {
                let word = words[Int(table[random.next(below: table.count)])]
                if position == 0 { text += word.prefix(1).uppercased() + word.dropFirst() } else { text += " " + word }
                if position % 11 == 10 { text += "." }
            }
            pool.append(text + ".")
        }
        bodies = pool
    }

    /// A word for a search box: not one of the 60 most common (nobody searches for "the"), drawn by frequency.
    func searchWord(_ random: inout SeededRandom) -> String {
        while true {
            let rank = Int(zipf[random.next(below: zipf.count)])
            if rank >= 60 { return words[rank] }
        }
    }
}
