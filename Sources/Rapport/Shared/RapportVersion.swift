/// The version the OpenAPI document and the pages show.
enum RapportVersion {
    static let current = "0.1.0"
}
