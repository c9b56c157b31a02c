import Testing

@testable import RapportCore

@Suite("HTML mail as readable text")
struct HTMLTextTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var html: String
        var text: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "paragraphs", html: "<p>Hello</p><p>World</p>", text: "Hello\n\nWorld"),
        Case(name: "line breaks", html: "Line one<br>Line two<BR/>Line three", text: "Line one\nLine two\nLine three"),
        Case(name: "br at the end of a block adds no blank line", html: "<div>a<br></div><div>b</div>", text: "a\nb"),
        Case(name: "two br make a blank line", html: "a<br><br>b", text: "a\n\nb"),
        Case(name: "whitespace collapses", html: "<p>  Hello \n\t  big\n   world  </p>", text: "Hello big world"),
        Case(name: "inline elements keep spaces", html: "<b>Hello</b> <i>there</i>,<span> you</span>", text: "Hello there, you"),
        Case(name: "unordered list", html: "<p>Items:</p><ul><li>One</li><li>Two</li></ul><p>After</p>", text: "Items:\n\n- One\n- Two\n\nAfter"),
        Case(name: "ordered list", html: "<ol><li>First<li>Second</ol>", text: "1. First\n2. Second"),
        Case(name: "nested list", html: "<ul><li>A<ul><li>A1</li></ul></li><li>B</li></ul>", text: "- A\n  - A1\n- B"),
        Case(name: "link with other text", html: "See <a href=\"https://shop.example/track?id=1\">tracking</a>.", text: "See tracking (https://shop.example/track?id=1)."),
        Case(name: "link whose text is the url", html: "<a href=\"https://shop.example/\">https://shop.example</a>", text: "https://shop.example"),
        Case(name: "mailto link with the address as text", html: "<a href=\"mailto:ann@shop.example\">ann@shop.example</a>", text: "ann@shop.example"),
        Case(name: "mailto link with a name", html: "<a href=\"mailto:ann@shop.example?subject=Hi\">Ann</a>", text: "Ann (ann@shop.example)"),
        Case(name: "javascript link shows only its text", html: "<a href=\"javascript:alert(1)\">click</a>", text: "click"),
        Case(name: "table rows and cells", html: "<table><tr><th>Item</th><th>Qty</th></tr><tr><td>Shoes</td><td>2</td></tr></table>", text: "Item | Qty\nShoes | 2"),
        Case(name: "empty cells add no separator", html: "<table><tr><td></td><td>Only</td><td> </td></tr></table>", text: "Only"),
        Case(name: "named entities", html: "Caf&eacute; &amp; cr&egrave;me &ndash; 5&nbsp;&euro; &copy; &hellip;", text: "Café & crème – 5 € © …"),
        Case(name: "numeric entities", html: "&#72;&#x69;&#X21; &#8364; &#x1F600;", text: "Hi! € 😀"),
        Case(name: "Windows-1252 references", html: "&#147;quoted&#148; &#150; ok", text: "“quoted” – ok"),
        Case(name: "legacy entities without semicolon", html: "AT&T &copy 2026 &amp more", text: "AT&T © 2026 & more"),
        Case(name: "unknown entity stays", html: "a &bogus; b & c", text: "a &bogus; b & c"),
        Case(name: "style, script, head and comments dropped", html: "<html><head><title>T</title><style>p{color:red}</style></head><body><!-- note --><script>alert(1)</script><p>Visible</p></body></html>", text: "Visible"),
        Case(name: "pre keeps its layout", html: "<p>Log:</p><pre>line 1\n  indented   spaces\nline 3</pre><p>end</p>", text: "Log:\n\nline 1\n  indented   spaces\nline 3\n\nend"),
        Case(name: "blockquote is marked", html: "<p>Yes.</p><blockquote><p>Can you?</p><p>Thanks</p></blockquote>", text: "Yes.\n\n> Can you?\n>\n> Thanks"),
        Case(name: "nested blockquote", html: "<blockquote>outer<blockquote>inner</blockquote></blockquote>", text: "> outer\n>\n>> inner"),
        Case(name: "headings", html: "<h1>Title</h1>Body", text: "Title\n\nBody"),
        Case(name: "horizontal rule", html: "a<hr>b", text: "a\n\n---\n\nb"),
        Case(name: "hidden preheader", html: "<div style=\"display: none; max-height:0\">Preview text</div><p>Real</p>", text: "Real"),
        Case(name: "zero width padding removed", html: "<p>Hi&zwnj;&#8203;&nbsp;there</p>", text: "Hi there"),
        Case(name: "stray less-than is text", html: "1 < 2 and 3 > 2, a<b", text: "1 < 2 and 3 > 2, a"),
        Case(name: "unclosed tag at the end", html: "Hello <b", text: "Hello"),
        Case(name: "empty input", html: "", text: ""),
        Case(name: "plain text passes", html: "Just text", text: "Just text"),
        Case(name: "images are dropped", html: "<p>Logo <img src=\"cid:logo\" alt=\"Shop\"> here</p>", text: "Logo here"),
        Case(name: "downlevel-revealed conditional content shows", html: "<!--[if !mso]><!--><p>Web</p><!--<![endif]--><!--[if mso]><p>Outlook only</p><![endif]-->", text: "Web"),
        Case(name: "Outlook list paragraphs", html: "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>First<o:p></o:p></p>", text: "1. First"),
        Case(name: "uppercase tags", html: "<P>One</P><DIV>Two</DIV>", text: "One\n\nTwo"),
        Case(name: "attribute with > inside quotes", html: "<a title=\"a > b\" href=\"https://x.example/\">Go</a>", text: "Go (https://x.example/)"),
    ]

    @Test("converts", arguments: cases)
    func converts(_ testCase: Case) {
        #expect(HTMLText.text(fromHTML: testCase.html) == testCase.text)
    }

    @Test("Outlook HTML: MsoNormal paragraphs, o:p, conditional comments, header block")
    func outlook() {
        let html = """
            <html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
            <!--[if !mso]><style>v\\:* {behavior:url(#default#VML);}</style><![endif]-->
            <style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt;} --></style>
            <!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]-->
            </head><body lang="DE" link="#0563C1"><div class="WordSection1">
            <p class="MsoNormal">Hello team,<o:p></o:p></p>
            <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
            <p class="MsoNormal">my order 4711 has not arrived.<o:p></o:p></p>
            <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
            <p class="MsoNormal">Kind regards<o:p></o:p></p>
            <p class="MsoNormal">Ann<o:p></o:p></p>
            <div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
            <p class="MsoNormal"><b>From:</b> Shop Support &lt;help@shop.example&gt; <br><b>Sent:</b> Monday, 1 December 2026 09:00<br><b>To:</b> Ann &lt;ann@mail.example&gt;<br><b>Subject:</b> Your order<o:p></o:p></p>
            </div>
            <p class="MsoNormal">We shipped it.<o:p></o:p></p>
            </div></body></html>
            """
        let text = HTMLText.text(fromHTML: html)
        #expect(text.hasPrefix("Hello team,\n\nmy order 4711 has not arrived.\n\nKind regards\n\nAnn"))
        #expect(text.contains("From: Shop Support <help@shop.example>\nSent: Monday, 1 December 2026 09:00\nTo: Ann <ann@mail.example>\nSubject: Your order"))
        #expect(!text.contains("behavior"))
        #expect(!text.contains("MsoNormal"))
        #expect(!text.contains("\n\n\n"))
        let parts = ReplySplitter.split(text)
        #expect(parts.new.hasPrefix("Hello team,"))
        #expect(parts.new.contains("4711"))
        #expect(parts.quoted?.contains("We shipped it.") == true)
    }

    @Test("Gmail HTML: div per line, gmail_quote with blockquote")
    func gmail() {
        let html = """
            <div dir="ltr"><div>Hi,</div><div><br></div><div>the parcel arrived damaged.</div><div><br></div><div>Ben</div></div><br>\
            <div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Dec 1, 2026 at 9:00 AM Shop Support &lt;<a href="mailto:help@shop.example">help@shop.example</a>&gt; wrote:<br></div>\
            <blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">\
            <div dir="ltr">Your parcel is on its way.</div></blockquote></div>
            """
        let text = HTMLText.text(fromHTML: html)
        #expect(text == "Hi,\n\nthe parcel arrived damaged.\n\nBen\n\nOn Mon, Dec 1, 2026 at 9:00 AM Shop Support <help@shop.example> wrote:\n\n> Your parcel is on its way.")
        let parts = ReplySplitter.split(text)
        #expect(parts.new == "Hi,\n\nthe parcel arrived damaged.\n\nBen")
        #expect(parts.quoted?.hasPrefix("On Mon, Dec 1, 2026") == true)
    }

    @Test("Apple Mail HTML: body with divs and a cite blockquote")
    func appleMail() {
        let html = """
            <html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>\
            <body style="word-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;" dir="auto">\
            Thanks, that worked!<div><br></div><div>Carla<br><div><br><blockquote type="cite"><div>On 1. Dec 2026, at 09:00, Shop &lt;help@shop.example&gt; wrote:</div><br>\
            <div><div>Please restart the app.</div></div></blockquote></div><br></div></body></html>
            """
        let text = HTMLText.text(fromHTML: html)
        #expect(text.hasPrefix("Thanks, that worked!\n\nCarla"))
        #expect(text.contains("> On 1. Dec 2026, at 09:00, Shop <help@shop.example> wrote:"))
        #expect(text.contains("> Please restart the app."))
        let parts = ReplySplitter.split(text)
        #expect(parts.new.hasPrefix("Thanks, that worked!"))
        #expect(parts.quoted?.contains("Please restart the app.") == true)
    }

    @Test("marketing layout tables read as lines")
    func layoutTables() {
        let html = """
            <table width="100%"><tr><td align="center"><table width="600"><tr><td><h2>Summer sale</h2></td></tr>\
            <tr><td><p>Up to 50% off.</p></td></tr><tr><td><a href="https://shop.example/sale">Shop now</a></td></tr></table></td></tr></table>
            """
        #expect(HTMLText.text(fromHTML: html) == "Summer sale\n\nUp to 50% off.\n\nShop now (https://shop.example/sale)")
    }

    @Test("never crashes on hostile or truncated input", arguments: [
        "<", "<<<<", "</", "</>", "<!", "<!--", "<!-- unterminated", "<a href=", "<a href=\"", "<a href='x", "&", "&#",
        "&#x", "&#xFFFFFFFFFF;", "&#0;", "&#xD800;", "&#99999999999999999999;", "<pre>", "</blockquote></blockquote>",
        "<li>orphan", "</ol><li>x", "<td>cell</td><td>cell", "<script>", "<style>x", "<textarea>a</textarea",
        "<p\u{0}>x", "\u{FEFF}<p>bom</p>", "<x y z=1 z=2 / / />", String(repeating: "<div>", count: 2000),
        String(repeating: "<blockquote>", count: 300) + "deep",
    ])
    func neverCrashes(_ html: String) {
        _ = HTMLText.text(fromHTML: html)
        _ = HTMLSanitizer.sanitize(html)
    }

    @Test("the entity table holds all of Latin-1 and the common names")
    func entityTable() {
        #expect(HTMLEntities.named["nbsp"] == "\u{00A0}")
        #expect(HTMLEntities.named["yuml"] == "ÿ")
        #expect(HTMLEntities.named["szlig"] == "ß")
        #expect(HTMLEntities.named["Omega"] == "Ω")
        #expect(HTMLEntities.named["sigma"] == "σ")
        #expect(HTMLEntities.named.count > 250)
        let latin1 = HTMLEntities.named.values.filter { $0.unicodeScalars.count == 1 && (160...255).contains($0.unicodeScalars.first!.value) }
        #expect(Set(latin1).count == 96)
    }
}
