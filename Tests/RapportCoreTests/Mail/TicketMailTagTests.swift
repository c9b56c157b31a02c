import Testing

@testable import RapportCore

@Suite("Ticket tags in mail")
struct TicketMailTagTests {
    @Test("the subject carries the number once, and replies' prefixes do not hide it")
    func subjects() {
        #expect(TicketMailTag.subject("Where is my order?", number: 123) == "Where is my order? [#123]")
        #expect(TicketMailTag.subject("Where is my order? [#123]", number: 123) == "Where is my order? [#123]")
        #expect(TicketMailTag.number(inSubject: "AW: Re: Where is my order? [#123]") == 123)
        #expect(TicketMailTag.number(inSubject: "Fwd: [#12] moved to [#45]") == 45)
        #expect(TicketMailTag.number(inSubject: "Price [#] and [#abc] and [# 5]") == nil)
        #expect(TicketMailTag.number(inSubject: "Order #123") == nil)
        #expect(TicketMailTag.number(inSubject: "[#99999999999999999999999]") == nil)
    }

    @Test("reply addresses round-trip, whatever the case, and other plus tags are not tickets")
    func addresses() {
        let reply = TicketMailTag.replyAddress(support: "help@shop.example", number: 123)
        #expect(reply == "help+t123@shop.example")
        #expect(TicketMailTag.parse(recipient: reply) == ("help@shop.example", 123))
        #expect(TicketMailTag.parse(recipient: " Help+T123@Shop.Example ") == ("help@shop.example", 123))
        #expect(TicketMailTag.parse(recipient: "help+newsletter@shop.example") == ("help@shop.example", nil))
        #expect(TicketMailTag.parse(recipient: "help@shop.example") == ("help@shop.example", nil))
        #expect(TicketMailTag.parse(recipient: "help+t0@shop.example") == ("help@shop.example", nil))
        #expect(TicketMailTag.replyAddress(support: "help+old@shop.example", number: 7) == "help+t7@shop.example")
    }
}
