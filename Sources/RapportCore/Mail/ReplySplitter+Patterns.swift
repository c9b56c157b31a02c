import Foundation

/// The lines with which mail clients introduce a quoted or forwarded message.
enum QuoteHeaders {
    static let separatorPhrases: Set<String> = [
        "original message", "ursprüngliche nachricht", "originalnachricht", "message d'origine", "message original",
        "mensaje original", "oorspronkelijk bericht", "origineel bericht", "oryginalna wiadomość",
        "wiadomość oryginalna", "mensagem original", "messaggio originale", "forwarded message",
        "weitergeleitete nachricht", "message transféré", "mensaje reenviado", "doorgestuurd bericht",
        "przekazana wiadomość", "mensagem encaminhada", "messaggio inoltrato", "begin forwarded message",
        "anfang der weitergeleiteten nachricht", "début du message réexpédié", "inicio del mensaje reenviado",
        "begin doorgestuurd bericht", "início da mensagem reencaminhada", "inizio messaggio inoltrato",
    ]
    static let fromKeys: Set<String> = ["from", "von", "de", "van", "od", "da", "från", "fra"]
    static let otherKeys: Set<String> = [
        "sent", "date", "to", "subject", "cc", "gesendet", "datum", "an", "betreff", "envoyé", "à", "a", "objet",
        "enviado", "fecha", "para", "asunto", "verzonden", "aan", "onderwerp", "wysłano", "data", "do", "temat",
        "enviada", "assunto", "inviato", "oggetto", "skickat", "till", "ämne", "kopie", "dw", "reply-to", "enviada em", "enviado em",
    ]
    static let subjectOrSentKeys: Set<String> = [
        "subject", "sent", "betreff", "gesendet", "objet", "envoyé", "asunto", "enviado", "onderwerp", "verzonden",
        "temat", "wysłano", "assunto", "enviada", "oggetto", "inviato", "ämne", "skickat",
    ]
    static let attributionOpeners = ["on ", "am ", "le ", "el ", "op ", "w dniu ", "em ", "il ", "den ", "på ", "dnia "]
    static let attributionVerbs = [
        "wrote", "schrieb", "a écrit", "escribió", "escribio", "schreef", "pisze", "napisał", "napisała",
        "escreveu", "ha scritto", "skrev", "kirjoitti",
    ]

    // Built once: making a CharacterSet per line was most of the time spent splitting a long message.
    private static let separatorDecoration = CharacterSet(charactersIn: " \t\u{00A0}-_=*>:")
    private static let emphasis = CharacterSet(charactersIn: " \t\u{00A0}*")
    private static let spaces = CharacterSet(charactersIn: " \u{00A0}")

    private static func core(_ line: String) -> String {
        line.trimmed(separatorDecoration).lowercased()
    }

    /// "-----Original Message-----", "---------- Forwarded message ---------", "Begin forwarded message:".
    static func isSeparator(_ line: String) -> Bool {
        let trimmed = line.trimmed(.whitespaces)
        guard !trimmed.hasPrefix(">"), trimmed.count < 80 else { return false }
        return separatorPhrases.contains(core(trimmed))
    }

    /// The key of a "Key: value" header line ("From", "De" from "De :", "Von" from "*Von:*"), lower-cased.
    static func headerKey(_ line: String) -> String? {
        guard line.contains(":") else { return nil }
        let trimmed = line.trimmed(emphasis)
        guard let colon = trimmed.firstIndex(of: ":"), trimmed.distance(from: trimmed.startIndex, to: colon) <= 16 else {
            return nil
        }
        let key = trimmed[..<colon].trimmed(emphasis).lowercased()
        return key.isEmpty ? nil : key
    }

    /// Outlook's block: "From: ..." followed closely by at least two of Sent/To/Subject/Date (in any language).
    static func isHeaderBlock(at index: Int, in lines: [String]) -> Bool {
        guard !lines[index].trimmed(.whitespaces).hasPrefix(">"),
            let key = headerKey(lines[index]), fromKeys.contains(key)
        else { return false }
        var found = Set<String>()
        for line in lines[(index + 1)..<min(lines.count, index + 8)] {
            if let key = headerKey(line), otherKeys.contains(key) { found.insert(key) }
        }
        // "From: Berlin / To: Munich / Date: Friday" in a customer's own text is not a header block:
        // a real one names an address or carries a subject or sent line.
        let hasAddress = lines[index].contains("@")
        return found.count >= 2 && (hasAddress || !found.isDisjoint(with: subjectOrSentKeys))
    }

    /// How many lines (1 to 3) an attribution ("On Mon, 1 Dec 2026, Ann <a@b.example> wrote:") starting at
    /// `index` spans, or nil when none starts there.
    static func attributionSpan(at index: Int, in lines: [String]) -> Int? {
        let first = lines[index].trimmed(.whitespaces)
        guard !first.isEmpty, !first.hasPrefix(">") else { return nil }
        var joined = ""
        for span in 1...3 where index + span - 1 < lines.count {
            let line = lines[index + span - 1].trimmed(.whitespaces)
            if span > 1 && (line.isEmpty || line.hasPrefix(">")) { return nil }
            joined = span == 1 ? line : joined + " " + line
            if joined.count > 300 { return nil }
            // An attribution ends with a colon: only a line that does can end one (the common case is cheap).
            if endsWithColon(line) != false, isAttribution(joined) { return span }
        }
        return nil
    }

    /// Whether the line's last character other than spaces and asterisks is a colon; nil when it has none.
    static func endsWithColon(_ line: String) -> Bool? {
        guard let last = line.unicodeScalars.last(where: { !emphasis.contains($0) }) else { return nil }
        return last == ":"
    }

    static func isAttribution(_ text: String) -> Bool {
        let lowered = text.lowercased().trimmed(emphasis)
        guard lowered.hasSuffix(":") else { return false }
        let body = lowered.dropLast().trimmed(spaces)
        guard let verb = attributionVerbs.first(where: { body.contains($0) }) else { return false }
        if attributionOpeners.contains(where: { lowered.hasPrefix($0) }) { return true }
        // "Ann Smith <ann@shop.example> wrote:" without an opener: only with an address or a date in it.
        let hasAddressOrDigits = body.contains("@") || body.contains(where: { $0.isNumber })
        return body.hasSuffix(verb) && hasAddressOrDigits
    }
}

/// The lines mobile and webmail clients append ("Sent from my iPhone").
enum MobileSignatures {
    static let prefixes = [
        "sent from my ", "sent from outlook", "sent from mail for ", "sent from yahoo mail", "sent from samsung",
        "sent via ", "sent with ", "get outlook for ", "von meinem ", "gesendet von meinem ", "gesendet mit ",
        "envoyé de mon ", "envoyé depuis mon ", "envoyé à partir de ", "obtenir outlook pour ", "enviado desde mi ",
        "enviado desde ", "obtener outlook para ", "verzonden vanaf mijn ", "verstuurd vanaf mijn ",
        "wysłane z mojego ", "wysłano z mojego ", "enviado do meu ", "enviado de meu ",
        "inviato da ", "inviato dal mio ", "skickat från min ",
    ]

    static func matches(_ trimmedLine: String) -> Bool {
        guard trimmedLine.count < 100 else { return false }
        let lowered = trimmedLine.lowercased()
        guard prefixes.contains(where: { lowered.hasPrefix($0) }) else { return false }
        if lowered.hasPrefix("von meinem ") { return lowered.contains("gesendet") }
        return true
    }
}

/// Closing phrases after which a short name block is the signature.
enum SignOffs {
    static let phrases: Set<String> = [
        "thanks", "thank you", "thanks a lot", "many thanks", "thanks again", "thanks in advance", "thx", "ty",
        "best", "best regards", "kind regards", "warm regards", "warmest regards", "regards", "cheers",
        "sincerely", "yours sincerely", "yours truly", "all the best", "best wishes", "with thanks",
        "merci", "cordialement", "bien cordialement", "bien à vous", "salutations", "merci d'avance",
        "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "freundliche grüsse",
        "viele grüße", "viele grüsse", "beste grüße", "beste grüsse", "liebe grüße", "liebe grüsse",
        "herzliche grüße", "lg", "vg", "mfg", "gruß", "grüße", "danke", "vielen dank",
        "saludos", "un saludo", "saludos cordiales", "atentamente", "gracias", "muchas gracias",
        "met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groeten", "groeten", "groet", "bedankt",
        "pozdrawiam", "z poważaniem", "pozdrowienia", "dziękuję",
        "atenciosamente", "cumprimentos", "abraços", "obrigado", "obrigada", "att",
        "cordiali saluti", "saluti", "distinti saluti", "grazie",
    ]

    private static let punctuation = CharacterSet(charactersIn: " \t\u{00A0},.!-–—")

    static func matches(_ line: String) -> Bool {
        let core = line.trimmed(punctuation).lowercased()
        return !core.isEmpty && core.count <= 30 && phrases.contains(core)
    }
}
