import Foundation
import Testing

@testable import RapportCore

@Suite("Macro templates")
struct MacroTemplateTests {
    static let values = MacroValues(
        customerName: "Søren Kierkegaard", customerEmail: "soren@example.dk", ticketNumber: 1042, ticketSubject: "Grinder is noisy",
        ticketStatus: "on_hold", ticketPriority: "high", ticketSLADue: ISO8601DateFormatter().date(from: "2026-12-01T14:30:00Z"),
        agentName: "Ada Lovelace", agentEmail: "ada@acme.test", workspaceName: "Acme Coffee")

    func render(_ text: String, _ values: MacroValues = Self.values) throws -> String {
        try MacroTemplate(parsing: text).render(values)
    }

    @Test("each placeholder renders its value", arguments: [
        ("{{customer.name}}", "Søren Kierkegaard"),
        ("{{customer.first_name}}", "Søren"),
        ("{{customer.email}}", "soren@example.dk"),
        ("{{ticket.number}}", "1042"),
        ("{{ticket.subject}}", "Grinder is noisy"),
        ("{{ticket.status}}", "on hold"),
        ("{{ticket.priority}}", "high"),
        ("{{ticket.sla_due}}", "2026-12-01 14:30 UTC"),
        ("{{agent.name}}", "Ada Lovelace"),
        ("{{agent.first_name}}", "Ada"),
        ("{{agent.email}}", "ada@acme.test"),
        ("{{workspace.name}}", "Acme Coffee"),
    ])
    func eachPlaceholder(text: String, expected: String) throws {
        #expect(try render(text) == expected)
    }

    @Test("every placeholder has a test above")
    func allCovered() {
        #expect(MacroPlaceholder.allCases.count == 13)
    }

    @Test("a whole reply, with spaces inside the braces and a placeholder used twice")
    func wholeReply() throws {
        let text = "Hi {{ customer.first_name }},\n\nticket #{{ticket.number}} ({{  ticket.number}}) is with me.\n{{agent.name }}, {{workspace.name}}"
        #expect(try render(text) == "Hi Søren,\n\nticket #1042 (1042) is with me.\nAda Lovelace, Acme Coffee")
        #expect(try MacroTemplate(parsing: text).placeholders == [.customerFirstName, .ticketNumber, .agentName, .workspaceName])
    }

    @Test("placeholder names are case-insensitive")
    func caseInsensitive() throws {
        #expect(try render("{{Customer.First_Name}}") == "Søren")
    }

    @Test("empty values render as nothing, never as a placeholder or 'nil'")
    func emptyValues() throws {
        let empty = MacroValues(customerName: "", ticketNumber: 7, ticketSubject: "", ticketStatus: "new", ticketPriority: "normal",
            agentName: "   ", workspaceName: "")
        #expect(try render("Hi {{customer.first_name}}!", empty) == "Hi !")
        #expect(try render("[{{customer.name}}|{{customer.email}}|{{ticket.sla_due}}|{{agent.first_name}}|{{agent.email}}]", empty) == "[||||]")
    }

    @Test("names in any script: the first name is the first word", arguments: [
        ("Björk", "Björk"), ("  José  María Pérez ", "José"), ("李 小龙", "李"), ("Ólafur\tArnalds", "Ólafur"),
        ("Zoë 🙂 Smith", "Zoë"), ("Αλέξανδρος Παπαδόπουλος", "Αλέξανδρος"),
    ])
    func unicodeNames(name: String, first: String) throws {
        var values = Self.values
        values.customerName = name
        #expect(try render("{{customer.first_name}}", values) == first)
        #expect(try render("Dear {{customer.name}}", values) == "Dear " + name.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("a value is inserted as it is, never read as a template")
    func valuesAreNotTemplates() throws {
        var values = Self.values
        values.ticketSubject = "Why does {{agent.name}} not answer?"
        #expect(try render("Re: {{ticket.subject}}", values) == "Re: Why does {{agent.name}} not answer?")
    }

    @Test("braces that are not placeholders are plain text", arguments: [
        "{customer.name}", "{{}}", "{{ }}", "{{customer name}}", "{\"order\": 12}", "{{ 1 + 2 }}", "a }} b {{", "{{customer.name",
        "{{-}}", "}}{{", "{{ café }}", "{{Søren}}",
    ])
    func notPlaceholders(text: String) throws {
        #expect(try render(text) == text)
    }

    @Test("a placeholder wrapped in more braces keeps the extra braces")
    func tripleBraces() throws {
        #expect(try render("{{{customer.first_name}}}") == "{Søren}")
    }

    @Test("an unknown placeholder is an error naming it and listing the known ones")
    func unknown() {
        #expect(throws: MacroTemplateError(unknown: ["customer.nmae"])) { try MacroTemplate(parsing: "Hi {{customer.nmae}}") }
        do {
            _ = try MacroTemplate(parsing: "{{ order.id }} {{customer.name}} {{order.id}} {{agent}}")
            Issue.record("parsed a template with unknown placeholders")
        } catch {
            #expect(error.unknown == ["order.id", "agent"])
            #expect(error.message.contains("{{order.id}}, {{agent}}"))
            #expect(error.message.contains("customer.first_name"))
        }
    }

    @Test("text without placeholders, and the empty text, render unchanged")
    func plain() throws {
        #expect(try render("") == "")
        #expect(try MacroTemplate(parsing: "").pieces.isEmpty)
        #expect(try render("Thanks for waiting.") == "Thanks for waiting.")
    }
}
