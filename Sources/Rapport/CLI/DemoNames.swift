import Foundation

/// Names and places for the demo workspace, from several countries so the demo looks like a real customer base.
enum DemoNames {
    static let firstNames = [
        "Amelia", "Liam", "Sofía", "Mateo", "Chloé", "Lukas", "Aiko", "Ravi", "Zanele", "Oliver", "Ingrid", "Kwame",
        "Lucía", "Noah", "Yuki", "Priya", "Hannah", "Tomás", "Leila", "Erik", "Mariam", "Jakub", "Ana", "Diego",
        "Emma", "Chen", "Fatou", "Björn", "Isabel", "Omar", "Grace", "Henrik", "Nadia", "Pedro", "Saanvi", "Wei",
    ]
    static let lastNames = [
        "Smith", "García", "Müller", "Nakamura", "Okafor", "Dubois", "Kowalski", "Andersson", "Patel", "Rossi",
        "Nguyen", "Silva", "Johansson", "O'Brien", "Mensah", "Fischer", "Yamamoto", "Haddad", "López", "Novak",
        "Kim", "Schmidt", "Moreau", "Costa", "Ivanova", "Van Dijk", "Ahmed", "Larsen", "Tanaka", "Ferreira",
    ]
    static let organizations = [
        "Greenleaf Landscaping Ltd", "Hotel Bellavista", "Café Nordlicht", "Summit Property Management", "Oakridge Schools Trust",
        "Blue Harbour Marina", "Städtische Gärten Köln", "Sunrise Senior Living", "Atelier Lumière", "Maple & Co Builders",
        "Riverside Sports Club", "Kaizen Office Parks", "Verde Urban Farms", "Northgate Facilities", "Casa Rural El Olivo",
    ]
    static let mailDomains = ["example.com", "example.org", "example.net", "mail.example", "post.example"]
    static let tags = ["vip", "newsletter", "warranty", "trade", "instalments", "complained-2025", "garden-club", "b2b"]
    static let notes = [
        "Prefers a phone call after 5 pm; works shifts.",
        "Bought the ride-on mower in spring; asked twice about servicing.",
        "Had a late delivery last year and mentions it often.",
        "Compares our prices with two competitors before every order.",
        "Writes long emails; answer every question point by point.",
        "Hard of hearing: use email or chat, not phone.",
        "Manages purchasing for several sites; needs invoices per site.",
    ]

    struct Place {
        var city: String, country: String, language: String, timeZone: String, dialCode: String, street: String, postalCode: String
    }

    static let places = [
        Place(city: "London", country: "GB", language: "en", timeZone: "Europe/London", dialCode: "+44 20", street: "Kings Road", postalCode: "SW3 4UP"),
        Place(city: "Berlin", country: "DE", language: "de", timeZone: "Europe/Berlin", dialCode: "+49 30", street: "Lindenstraße", postalCode: "10969"),
        Place(city: "Madrid", country: "ES", language: "es", timeZone: "Europe/Madrid", dialCode: "+34 91", street: "Calle Mayor", postalCode: "28013"),
        Place(city: "Lyon", country: "FR", language: "fr", timeZone: "Europe/Paris", dialCode: "+33 4", street: "Rue de la République", postalCode: "69002"),
        Place(city: "Toronto", country: "CA", language: "en-CA", timeZone: "America/Toronto", dialCode: "+1 416", street: "Queen Street West", postalCode: "M5V 2A8"),
        Place(city: "São Paulo", country: "BR", language: "pt-BR", timeZone: "America/Sao_Paulo", dialCode: "+55 11", street: "Avenida Paulista", postalCode: "01310-100"),
        Place(city: "Osaka", country: "JP", language: "ja", timeZone: "Asia/Tokyo", dialCode: "+81 6", street: "Midosuji", postalCode: "530-0001"),
        Place(city: "Accra", country: "GH", language: "en", timeZone: "Africa/Accra", dialCode: "+233 30", street: "Oxford Street", postalCode: "GA-123"),
        Place(city: "Stockholm", country: "SE", language: "sv", timeZone: "Europe/Stockholm", dialCode: "+46 8", street: "Drottninggatan", postalCode: "111 51"),
        Place(city: "Mumbai", country: "IN", language: "en-IN", timeZone: "Asia/Kolkata", dialCode: "+91 22", street: "Marine Drive", postalCode: "400020"),
    ]

    /// A mail-safe spelling of a name part: "Sofía" becomes "sofia", "O'Brien" becomes "obrien".
    static func ascii(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
        return String(folded.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    static func domain(for organization: String) -> String {
        ascii(organization.components(separatedBy: " ").prefix(2).joined()) + ".example"
    }
}
