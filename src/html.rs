//! The readable text of an HTML page: what a reader of the page sees of the
//! story, without markup, scripts, styles or the site's navigation.
//!
//! Scrapers and newsroom systems hand over whole pages. Reading them as
//! plain text would make places of menu entries ("Europe", "Asia") and
//! would feed script source to the recognizer, so the page is reduced to
//! its text first. This is a reader, not a validator: any byte sequence
//! gives some text, in one pass, in time linear in the page's length.
//!
//! - Elements whose content is never shown as prose are skipped whole:
//!   `script`, `style`, `template`, `noscript`, `svg`, `math`, `iframe`,
//!   `object`, `textarea`, `select`, `button`, and the site's furniture
//!   (`nav`, `aside`, `footer`, `form`).
//! - When the page has an `<article>` element, only the text inside
//!   articles (and the page `<title>`) is kept: that is the story.
//! - Block elements (`p`, `div`, headings, list items, `br`, ...) end a
//!   line, so that sentences of separate paragraphs do not run together;
//!   inline elements (`a`, `b`, `span`) join their text to its neighbours.
//! - Character references (`&amp;`, `&#1605;`, `&#x41;`) are decoded;
//!   white space collapses as a browser collapses it.
//!
//! Offsets of mentions found in such a page count the chars of this text.

/// Elements whose whole content is skipped.
const SKIPPED: &[&str] = &[
    "script", "style", "template", "noscript", "svg", "math", "iframe", "object", "textarea",
    "select", "button", "nav", "aside", "footer", "form",
];

/// Elements whose content is raw text in HTML: no tag inside them counts
/// until the element's own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed",
];

/// Elements that end a line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "ul",
    "caption",
    "summary",
    "details",
    "body",
    "html",
];

/// Whether bytes look like an HTML page rather than plain text: a doctype
/// or an `<html>`, `<head>` or `<body>` tag at the start.
pub fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head: String = start
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|p| head.starts_with(p))
}

/// The page's readable text.
///
/// ```
/// use tripmap::html::text_of;
/// let page = "<html><head><title>Visit</title><script>var a='<p>Paris</p>';</script></head>\
///             <body><nav>Europe | Asia</nav><p>Talks in <b>Sam</b>arkand &amp; Tashkent.</p></body></html>";
/// assert_eq!(text_of(page), "Visit\n\nTalks in Samarkand & Tashkent.");
/// ```
pub fn text_of(page: &str) -> String {
    let has_article = contains_tag(page, "article");
    let mut out = Text::default();
    let bytes = page.as_bytes();
    let mut i = 0;
    // How deep inside skipped elements and inside articles the reader is.
    let mut skip_depth: Vec<&'static str> = Vec::new();
    let mut article_depth = 0usize;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let next = page[i..].find('<').map_or(page.len(), |n| i + n);
            let shown = skip_depth.is_empty() && (!has_article || article_depth > 0);
            if shown {
                out.push_text(&page[i..next]);
            }
            i = next;
            continue;
        }
        let rest = &page[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |n| n + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i += rest.find('>').map_or(rest.len(), |n| n + 1);
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            // A '<' that opens no tag is text ("a < b").
            if skip_depth.is_empty() && (!has_article || article_depth > 0) {
                out.push_text("<");
            }
            i += 1;
            continue;
        };
        i += tag.len;
        let name = tag.name.as_str();
        if BLOCKS.contains(&name) {
            out.break_line();
        }
        if tag.closing {
            if let Some(pos) = skip_depth.iter().rposition(|s| *s == name) {
                skip_depth.truncate(pos);
            }
            if name == "article" {
                article_depth = article_depth.saturating_sub(1);
            }
            continue;
        }
        if tag.self_closing {
            continue;
        }
        if let Some(skipped) = SKIPPED.iter().find(|s| **s == name) {
            if RAW_TEXT.contains(&name) {
                i += end_of_raw(&page[i..], name);
            } else {
                skip_depth.push(skipped);
            }
            continue;
        }
        match name {
            "article" => article_depth += 1,
            "title" if skip_depth.is_empty() => {
                let end = end_of_raw(&page[i..], name);
                let body = &page[i..i + end];
                let inner = body.rfind("</").map_or(body, |n| &body[..n]);
                out.push_text(inner);
                out.break_line();
                i += end;
            }
            _ if RAW_TEXT.contains(&name) => {
                let end = end_of_raw(&page[i..], name);
                if skip_depth.is_empty() && (!has_article || article_depth > 0) {
                    let body = &page[i..i + end];
                    out.push_text(body.rfind("</").map_or(body, |n| &body[..n]));
                }
                i += end;
            }
            _ => {}
        }
    }
    out.finish()
}

/// Whether the page has an element of this name (case-insensitive).
fn contains_tag(page: &str, name: &str) -> bool {
    let lower = page.to_ascii_lowercase();
    let open = format!("<{name}");
    lower.match_indices(&open).any(|(at, _)| {
        lower[at + open.len()..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
    })
}

/// Bytes from just after a raw-text element's start tag to just after its
/// end tag (or to the end of the page when it is never closed).
fn end_of_raw(rest: &str, name: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(n) = rest[from..].find("</") {
        let at = from + n;
        let after = &bytes[at + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            let tail = &rest[at + 2 + name.len()..];
            if tail.starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace())
                || tail.is_empty()
            {
                return at + 2 + name.len() + tail.find('>').map_or(tail.len(), |m| m + 1);
            }
        }
        from = at + 2;
    }
    rest.len()
}

/// A start or end tag.
struct Tag {
    /// Lower-case element name.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Bytes the tag takes, `<` to `>` inclusive.
    len: usize,
}

impl Tag {
    /// Reads a tag at the start of `s` (which starts with `<`); `None` when
    /// the `<` does not open one.
    fn read(s: &str) -> Option<Tag> {
        let bytes = s.as_bytes();
        let mut i = 1;
        let closing = bytes.get(1) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_start = i;
        if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
        {
            i += 1;
        }
        let name = s[name_start..i].to_ascii_lowercase();
        // Attributes: skip to the '>' that is outside quotes.
        let mut quote: Option<u8> = None;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => {
                    let self_closing = bytes[i - 1] == b'/' || is_void(&name);
                    return Some(Tag {
                        name,
                        closing,
                        self_closing,
                        len: i + 1,
                    });
                }
                None => {}
            }
            i += 1;
        }
        // An unclosed tag runs to the end of the page.
        Some(Tag {
            name,
            closing,
            self_closing: true,
            len: bytes.len(),
        })
    }
}

/// Elements that never have content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The text being collected, with white space collapsed as it goes.
#[derive(Default)]
struct Text {
    out: String,
    /// A space is owed before the next visible char.
    space: bool,
    /// Line breaks owed before the next visible char (at most 2).
    breaks: u8,
}

impl Text {
    fn push_text(&mut self, raw: &str) {
        let mut rest = raw;
        while !rest.is_empty() {
            let (c, used) = match rest.strip_prefix('&').and_then(reference) {
                Some((c, n)) => (c, n + 1),
                None => {
                    let c = rest.chars().next().unwrap_or(' ');
                    (c, c.len_utf8())
                }
            };
            rest = &rest[used..];
            if c.is_whitespace() && c != '\u{a0}' {
                self.space = true;
            } else if c != '\u{AD}' {
                // A soft hyphen only says where a word may break.
                self.push_char(c);
            }
        }
    }

    fn push_char(&mut self, c: char) {
        if !self.out.is_empty() {
            if self.breaks > 0 {
                for _ in 0..self.breaks {
                    self.out.push('\n');
                }
            } else if self.space {
                self.out.push(' ');
            }
        }
        self.breaks = 0;
        self.space = false;
        self.out.push(if c == '\u{a0}' { ' ' } else { c });
    }

    fn break_line(&mut self) {
        self.breaks = 2;
    }

    fn finish(self) -> String {
        self.out
    }
}

/// A character reference after its `&`: the char and the bytes it took
/// (without the `&`). Unknown names are not references: the `&` is text.
fn reference(s: &str) -> Option<(char, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits
            .bytes()
            .take_while(|b| {
                if radix == 16 {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if len == 0 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len.min(8)], radix).unwrap_or(u32::MAX);
        let c = match value {
            0 => '\u{FFFD}',
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((c, skip + len + semicolon));
    }
    let len = s.bytes().take_while(|b| b.is_ascii_alphanumeric()).count();
    if len == 0 || len > 10 {
        return None;
    }
    let c = match &s[..len] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "deg" => '°',
        "shy" => '\u{AD}',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        _ => return None,
    };
    Some((c, len + usize::from(s[len..].starts_with(';'))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_and_comments_are_not_text() {
        let page = "<p>Kyiv<script>document.write('<p>Paris</p>')</script>\
                    <style>p::after{content:'Rome'}</style><!-- Madrid --> and Lviv</p>";
        assert_eq!(text_of(page), "Kyiv and Lviv");
    }

    #[test]
    fn a_script_never_closed_hides_the_rest() {
        assert_eq!(text_of("<p>Kyiv</p><script>Paris"), "Kyiv");
    }

    #[test]
    fn end_tags_inside_script_strings_do_not_end_it_early() {
        // Only `</script` ends a script; `</p>` inside it is script text.
        assert_eq!(text_of("<script>a='</p>Paris'</script>Oslo"), "Oslo");
    }

    #[test]
    fn the_article_element_is_the_story() {
        let page = "<html><head><title>Trip</title></head><body><nav><a>Europe</a></nav>\
                    <div>Most read: Tokyo</div><article><h1>Visit</h1><p>In Doha.</p></article>\
                    <footer>London office</footer></body></html>";
        assert_eq!(text_of(page), "Trip\n\nVisit\n\nIn Doha.");
    }

    #[test]
    fn references_are_decoded_and_unknown_ones_left() {
        assert_eq!(
            text_of("a&amp;b &#1605;&#x41; &bogus; &#0; &#xFFFFFFFFF;"),
            "a&b مA &bogus; \u{FFFD} \u{FFFD}"
        );
        assert_eq!(text_of("x&nbsp;y"), "x y");
    }

    #[test]
    fn attributes_with_angle_brackets_inside_quotes() {
        assert_eq!(text_of("<a title=\"x > y\" href='/a>b'>Baku</a>"), "Baku");
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        assert_eq!(text_of("1 < 2 and 3 <4"), "1 < 2 and 3 <4");
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html("\u{feff}  <!DOCTYPE html><html>"));
        assert!(looks_like_html("<html lang=ar>"));
        assert!(!looks_like_html("Talks in <Paris>"));
        assert!(!looks_like_html("<!-- a note --> plain text"));
    }

    #[test]
    fn hostile_pages_end() {
        for page in [
            "<", "<a", "</", "<!--", "<!", "&#", "&#x", "<script", "<title>x", "<a b='", "&",
        ] {
            let _ = text_of(page);
        }
        let deep = "<div>".repeat(100_000) + "Kyiv";
        assert_eq!(text_of(&deep), "Kyiv");
    }
}
