import Foundation
import RapportCore

/// The columns a customer CSV may have, and how a header cell maps to them. Headers are matched
/// loosely ("E-mail Address", "email_address" and "Email" are the same column); anything
/// unrecognised becomes a custom attribute named after the header.
enum CustomerCSVColumn: Hashable {
    case name, firstName, lastName, emails, phones, organization, buyingRole, language, timeZone
    case street, city, postalCode, region, country, notes, tags
    case consentServiceEmail, consentMarketing, attributes
    case profile(ProfileDimension)
    /// Written by the export but not read back (ids, timestamps): matching is by email.
    case ignored
    case attribute(String)

    /// The header row of an export, which the importer reads back unchanged.
    static let exportHeader = [
        "id", "name", "emails", "phones", "organization", "buying_role", "language", "time_zone",
        "street", "city", "postal_code", "region", "country", "notes", "tags",
        "consent_service_email", "consent_marketing",
        "lifecycle", "communication_styles", "shopper_type", "relationship", "value_tier",
        "attributes", "archived", "created_at", "updated_at",
    ]

    /// Columns of which a file may have several ("Mobile Phone", "Home Phone"): their values add up.
    var holdsSeveral: Bool { self == .emails || self == .phones || self == .tags }

    static func normalize(_ header: String) -> String {
        let lowered = header.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        var result = ""
        var lastWasSeparator = false
        for ch in lowered {
            if ch.isLetter || ch.isNumber {
                result.append(ch)
                lastWasSeparator = false
            } else if !lastWasSeparator, !result.isEmpty {
                result.append("_")
                lastWasSeparator = true
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        return result
    }

    private static let synonyms: [String: CustomerCSVColumn] = {
        var map: [String: CustomerCSVColumn] = [:]
        func add(_ column: CustomerCSVColumn, _ names: String...) { for name in names { map[name] = column } }
        add(.name, "name", "full_name", "customer_name", "customer", "contact_name", "display_name")
        add(.firstName, "first_name", "firstname", "given_name", "forename")
        add(.lastName, "last_name", "lastname", "surname", "family_name")
        add(.emails, "email", "emails", "email_address", "email_addresses", "e_mail", "e_mail_address", "mail", "primary_email", "work_email", "email_1")
        add(.phones, "phone", "phones", "phone_number", "phone_numbers", "mobile", "mobile_phone", "telephone", "tel", "cell",
            "primary_phone", "business_phone", "work_phone", "home_phone", "phone_1")
        add(.organization, "organization", "organisation", "company", "company_name", "organization_name", "account")
        add(.buyingRole, "buying_role")
        add(.language, "language", "lang", "locale", "preferred_language")
        add(.timeZone, "time_zone", "timezone", "tz")
        add(.street, "street", "address", "address_line_1", "street_address", "address1")
        add(.city, "city", "town")
        add(.postalCode, "postal_code", "zip", "zip_code", "postcode", "post_code")
        add(.region, "region", "state", "province", "county")
        add(.country, "country", "country_code")
        add(.notes, "notes", "note", "comments")
        add(.tags, "tags", "tag", "labels")
        add(.consentServiceEmail, "consent_service_email", "service_email_consent")
        add(.consentMarketing, "consent_marketing", "marketing_consent", "accepts_marketing", "marketing_opt_in")
        add(.attributes, "attributes")
        add(.profile(.lifecycle), "lifecycle", "lifecycle_stage")
        add(.profile(.communicationStyle), "communication_style", "communication_styles", "styles")
        add(.profile(.shopperType), "shopper_type")
        add(.profile(.relationship), "relationship")
        add(.profile(.valueTier), "value_tier")
        add(.ignored, "id", "archived", "created_at", "updated_at")
        return map
    }()

    static func column(forHeader header: String) -> CustomerCSVColumn? {
        let key = normalize(header)
        guard !key.isEmpty else { return nil }
        return synonyms[key] ?? .attribute(header.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Splits a cell that holds several values ("a@x.com; b@y.com").
    static func split(_ cell: String, on separators: Set<Character>) -> [String] {
        cell.split(whereSeparator: { separators.contains($0) })
            .map(\.trimmed)
            .filter { !$0.isEmpty }
    }

    /// Splits an email cell: "a@x.com; b@y.com", "a@x.com b@y.com" and "Siobhán O'Connor <s@x.ie>" all work.
    static func splitEmails(_ cell: String) -> [String] {
        split(cell, on: [";", ",", "\n"]).flatMap { piece in
            piece.contains("<") ? [piece] : split(piece, on: [" ", "\t"])
        }
    }

    static func bool(_ cell: String) -> Bool? {
        switch cell.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "y", "1", "x", "on", "opt-in", "opted in": true
        case "false", "no", "n", "0", "off", "opt-out", "opted out": false
        default: nil
        }
    }
}
