import Foundation
import RapportCore
import Testing

@Suite("BG/NBD and Gamma-Gamma")
struct BGNBDTests {
    @Test("The calibration summary built from the raw CDNOW purchases matches the published one")
    func summaryMatches() throws {
        let histories = try CDNOWData.calibrationHistories()
        let published = try CDNOWData.publishedSummary()
        #expect(histories.count == 2357)
        #expect(published.count == 2357)
        for (id, row) in published {
            let history = try #require(histories[id])
            #expect(history.frequency == row.x, "customer \(id)")
            #expect(abs(history.recency - row.recency) < 0.006, "customer \(id)")
            #expect(abs(history.age - row.age) < 0.006, "customer \(id)")
            #expect(abs(history.meanRepeatValue - row.zbar) < 0.006, "customer \(id)")
        }
    }

    @Test("BG/NBD on the CDNOW calibration period reproduces r, alpha, a, b of Fader, Hardie and Lee (2005)")
    func reproducesPublishedBGNBD() throws {
        let histories = Array(try CDNOWData.calibrationHistories().values)
        let model = try #require(BGNBD.fit(histories))
        #expect(String(format: "%.2f", model.r) == "0.24")   // published 0.243
        #expect(String(format: "%.2f", model.alpha) == "4.41")   // 4.414
        #expect(String(format: "%.2f", model.a) == "0.79")   // 0.793
        #expect(String(format: "%.2f", model.b) == "2.43")   // 2.426
        // The paper's log-likelihood at its estimates is -9582.4.
        let logLikelihood = histories.reduce(0) { $0 + model.logLikelihood($1) }
        #expect(abs(logLikelihood - -9582.4) < 0.1)
    }

    @Test("Gamma-Gamma on the CDNOW repeat customers reproduces p, q, gamma of Fader, Hardie and Lee (2005)")
    func reproducesPublishedGammaGamma() throws {
        let histories = Array(try CDNOWData.calibrationHistories().values)
        #expect(histories.filter { $0.frequency > 0 }.count == 946)
        let model = try #require(GammaGamma.fit(histories))
        #expect(String(format: "%.2f", model.p) == "6.25")
        #expect(String(format: "%.2f", model.q) == "3.74")
        #expect(String(format: "%.2f", model.gamma) == "15.44")
    }

    @Test("P(alive) by hand: no repeat purchase means alive; a long silence after buying lowers it")
    func probabilityAliveByHand() {
        let model = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        #expect(model.probabilityAlive(PurchaseHistory(frequency: 0, recency: 0, age: 38)) == 1)
        // x = 2, t_x = 30, T = 38: 1 / (1 + a/(b+1) * ((alpha+T)/(alpha+t_x))^(r+2))
        let byHand = 1 / (1 + 0.793 / 3.426 * pow((4.414 + 38) / (4.414 + 30), 2.243))
        let computed = model.probabilityAlive(PurchaseHistory(frequency: 2, recency: 30, age: 38))
        #expect(abs(computed - byHand) < 1e-12)
        #expect(abs(byHand - 0.730) < 0.001)
        let silent = model.probabilityAlive(PurchaseHistory(frequency: 2, recency: 2, age: 38))
        #expect(silent < 0.4)
        #expect(model.probabilityAlive(PurchaseHistory(frequency: 2, recency: 38, age: 38)) > computed)
    }

    @Test("Expected purchases: the paper's 52-week figure for a new customer and the conditional expectation")
    func expectedPurchasesByHand() {
        let model = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        // Equation 7 by hand through the series of 2F1, and never above the lifetime-free NBD rate r t / alpha.
        let new52 = model.expectedPurchasesOfNewCustomer(in: 52)
        #expect(new52 > 0 && new52 < 0.243 * 52 / 4.414)
        #expect(model.expectedPurchases(PurchaseHistory(frequency: 0, recency: 0, age: 0), inNext: 52) - new52 < 1e-9)
        // The paper's worked example (section 5): x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks.
        let example = model.expectedPurchases(PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86), inNext: 39)
        #expect(abs(example - 1.226) < 0.005)
        #expect(model.expectedPurchases(PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86), inNext: 0) == 0)
    }

    @Test("2F1 against closed forms")
    func hypergeometricClosedForms() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z
        #expect(abs(hypergeometric2F1(1, 1, 2, 0.5) - (-log(0.5) / 0.5)) < 1e-12)
        // 2F1(a, b; b; z) = (1 - z)^-a
        #expect(abs(hypergeometric2F1(2.5, 3, 3, 0.3) - pow(0.7, -2.5)) < 1e-12)
    }

    @Test("Gamma-Gamma expected value shrinks a customer's mean towards the population mean")
    func expectedAverageValue() {
        let model = GammaGamma(p: 6.25, q: 3.74, gamma: 15.44)
        let population = 6.25 * 15.44 / 2.74
        #expect(abs(model.expectedAverageValue(count: 0, meanValue: 0) - population) < 1e-9)
        let one = model.expectedAverageValue(count: 1, meanValue: 100)
        let ten = model.expectedAverageValue(count: 10, meanValue: 100)
        #expect(one > population && one < ten && ten < 100)
    }
}

@Suite("Value fit on simulated customers")
struct ValueSimulationTests {
    @Test("A fit on 10,000 simulated customers lands near the parameters they were drawn from")
    func recoversParameters() throws {
        let truth = ValueSimulation(purchases: BGNBD(r: 0.25, alpha: 4, a: 0.8, b: 2.5), spend: GammaGamma(p: 6, q: 4, gamma: 15))
        let end = Date(timeIntervalSince1970: 52 * 7 * 86_400)
        let histories = truth.customers(10_000, seed: 42).compactMap { customer in
            PurchaseHistory(
                purchases: customer.purchases.map { .init(at: Date(timeIntervalSince1970: $0.at * 7 * 86_400), value: $0.value) }, end: end)
        }
        let purchases = try #require(BGNBD.fit(histories))
        #expect(abs(purchases.r / 0.25 - 1) < 0.2, "r = \(purchases.r)")
        #expect(abs(purchases.alpha / 4 - 1) < 0.25, "alpha = \(purchases.alpha)")
        #expect(abs(purchases.a / 0.8 - 1) < 0.35, "a = \(purchases.a)")
        #expect(abs(purchases.b / 2.5 - 1) < 0.5, "b = \(purchases.b)")
        let spend = try #require(GammaGamma.fit(histories))
        let truthMean = 6.0 * 15 / 3
        #expect(abs(spend.expectedAverageValue(count: 0, meanValue: 0) / truthMean - 1) < 0.1)
    }
}
