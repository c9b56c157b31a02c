import Testing

@testable import RapportCore

@Suite("HTML sanitizer")
struct HTMLSanitizerTests {
    /// Nothing in the output may run code or load anything remote.
    static func assertInert(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lowered = output.lowercased()
        for forbidden in [
            "<script", "<style", "<iframe", "<object", "<embed", "<svg", "<math", "<form", "<input", "<meta", "<link",
            "<base", "<template", "<frame", "javascript:", "vbscript:", "data:text", "expression(", " on", "style=",
            "class=", "srcdoc", "formaction", "http-equiv", "<textarea", "<noscript", "<!--",
        ] {
            #expect(!lowered.contains(forbidden), "output contains \(forbidden): \(output)", sourceLocation: sourceLocation)
        }
        // Every tag in the output is an allowed element.
        var rest = lowered[...]
        while let open = rest.firstIndex(of: "<") {
            let name = rest[rest.index(after: open)...].prefix { $0 != " " && $0 != ">" }.drop { $0 == "/" }
            #expect(HTMLSanitizer.allowedElements.contains(String(name)), "unexpected tag \(name) in \(output)", sourceLocation: sourceLocation)
            rest = rest[rest.index(after: open)...]
        }
    }

    static let vectors: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<img/src=x/onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
        "<a href=\"javascript&#0000058alert(1)\">x</a>",
        "<a href=\"\u{01}javascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=//evil.example>x</a>",
        "<img src=\"data:text/html,<script>alert(1)</script>\">",
        "<img src=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\">",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p class=\"x\" onclick=\"alert(1)\" onmouseover='alert(1)'>x</p>",
        "<base href=\"https://evil.example/\"><a href=\"/x\">x</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<form action=https://evil.example><input name=p type=password><button formaction=javascript:alert(1)>go</button></form>",
        "<a href=\"https://ok.example/\" title=\"x\" onmouseover=\"alert(1)\">x</a>",
        "<a title=\"\" onmouseover=alert(1) \"\">x</a>",
        "<img alt=\"\"\"><script>alert(1)</script>\">",
        "<a href='https://ok.example/'\"onclick=alert(1)>x</a>",
        "<div title=\"</div><script>alert(1)</script>\">x</div>",
        "<!--<img src=x onerror=alert(1)>-->",
        "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
        "<template><script>alert(1)</script></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<style>@import 'https://evil.example/x.css';</style><p>x</p>",
        "<textarea><script>alert(1)</script></textarea>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<body onload=alert(1)>",
        "<isindex action=javascript:alert(1) type=image>",
        "<xss onfocus=alert(1) autofocus tabindex=1>",
        "<img src=\"https://tracker.example/pixel.gif\" width=1 height=1>",
        "<a href=\"javascript:alert(1)\"",
        "<img src=x onerror=alert(1)",
        "<<script>alert(1)//<</script>",
        "<plaintext><script>alert(1)</script>",
    ]

    @Test("classic XSS vectors leave nothing executable", arguments: vectors)
    func xss(_ vector: String) {
        let output = HTMLSanitizer.sanitize(vector)
        Self.assertInert(output)
        // Sanitising the output again changes nothing: the output is stable.
        #expect(HTMLSanitizer.sanitize(output) == output)
    }

    @Test("normal formatting survives")
    func formatting() {
        let html = """
            <div dir="ltr"><p class="MsoNormal" style="margin:0">Hello <b>Ann</b>, <i>thanks</i> &amp; <u>welcome</u>.</p>\
            <ul><li>One</li><li>Two</li></ul><blockquote>quoted</blockquote><pre>code  block</pre>\
            <table border="1"><tr><th colspan="2">Head</th></tr><tr><td rowspan="x">a</td><td>b</td></tr></table>\
            <h2>Title</h2><hr><font face="Arial" color="red">font</font></div>
            """
        let output = HTMLSanitizer.sanitize(html)
        #expect(output == """
            <div><p>Hello <b>Ann</b>, <i>thanks</i> &amp; <u>welcome</u>.</p>\
            <ul><li>One</li><li>Two</li></ul><blockquote>quoted</blockquote><pre>code  block</pre>\
            <table><tr><th colspan="2">Head</th></tr><tr><td>a</td><td>b</td></tr></table>\
            <h2>Title</h2><hr><span>font</span></div>
            """)
    }

    @Test("links keep http, https and mailto and open safely")
    func links() {
        #expect(HTMLSanitizer.sanitize("<a href=\"https://shop.example/a?b=1&amp;c=2\">x</a>")
            == "<a href=\"https://shop.example/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>")
        #expect(HTMLSanitizer.sanitize("<a href=\"mailto:ann@shop.example\">Ann</a>")
            == "<a href=\"mailto:ann@shop.example\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">Ann</a>")
        #expect(HTMLSanitizer.sanitize("<a href=\"ftp://x.example/\">x</a>") == "<a>x</a>")
        #expect(HTMLSanitizer.sanitize("<a href=\"/relative\">x</a>") == "<a>x</a>")
    }

    @Test("images: cid and inline data images stay, remote images and other data types go")
    func images() {
        #expect(HTMLSanitizer.sanitize("<img src=\"cid:logo@shop\" alt=\"Logo\" width=\"120\">")
            == "<img src=\"cid:logo@shop\" alt=\"Logo\" width=\"120\">")
        let png = "data:image/png;base64,iVBORw0KGgo="
        #expect(HTMLSanitizer.sanitize("<img src=\"\(png)\">") == "<img src=\"\(png)\">")
        #expect(HTMLSanitizer.sanitize("a<img src=\"https://tracker.example/p.gif\">b") == "ab")
        #expect(HTMLSanitizer.sanitize("<img src=\"data:image/png,notbase64\">") == "")
        #expect(HTMLSanitizer.sanitize("<img src=\"data:image/png;base64,abc\"onerror=alert(1)>") == "<img src=\"data:image/png;base64,abc\">")
    }

    @Test("text and attributes are re-escaped; malformed nesting is closed")
    func escapingAndNesting() {
        #expect(HTMLSanitizer.sanitize("1 &lt; 2 &amp;&amp; 3 > 2 \"q\"") == "1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;q&quot;")
        #expect(HTMLSanitizer.sanitize("<b><i>x</b></i>") == "<b><i>x</i></b>")
        #expect(HTMLSanitizer.sanitize("<div><p>open") == "<div><p>open</p></div>")
        #expect(HTMLSanitizer.sanitize("</div>stray</p>") == "stray")
        #expect(HTMLSanitizer.sanitize("<span title='a\"b<c'>t</span>") == "<span title=\"a&quot;b&lt;c\">t</span>")
        #expect(HTMLSanitizer.sanitize("<o:p>&nbsp;</o:p>") == "\u{00A0}")
        #expect(HTMLSanitizer.sanitize("<script>gone</script>kept<style>gone</style>") == "kept")
        #expect(HTMLSanitizer.sanitize("<svg><g><svg></svg><text>gone</text></g></svg>after") == "after")
    }
}
