//! Lesson text: Markdown rendered by pulldown-cmark, then cleaned by ammonia, so nothing an
//! author writes (raw HTML, `javascript:` links, event attributes) reaches a page unsanitised.
//!
//! Images load lazily and keep their space while loading: an author gives the size as the
//! image's title, `![A charge controller](/media/controller.jpg "640x480")`; an image without a
//! size is shown as a link instead, so it never shifts the text under a reader's thumb.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;

/// The author's Markdown as safe HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut events = Vec::new();
    let mut in_image: Option<bool> = None;
    for event in parser {
        match event {
            Event::Start(Tag::Image { dest_url, title, .. }) => match size(&title) {
                Some((w, h)) => {
                    let url = escape(&dest_url);
                    events.push(Event::Html(CowStr::from(format!(
                        r#"<img src="{url}" width="{w}" height="{h}" loading="lazy" decoding="async" alt=""#
                    ))));
                    in_image = Some(true);
                }
                None => {
                    events.push(Event::Start(Tag::Link {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url,
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                    in_image = Some(false);
                }
            },
            Event::End(TagEnd::Image) => match in_image.take() {
                Some(true) => events.push(Event::Html(CowStr::from("\">"))),
                _ => events.push(Event::End(TagEnd::Link)),
            },
            // Inside an <img>'s alt, text is escaped into the attribute; other markup is dropped.
            Event::Text(text) if in_image == Some(true) => events.push(Event::Html(CowStr::from(escape(&text)))),
            _ if in_image == Some(true) => {}
            other => events.push(other),
        }
    }
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    cleaner().clean(&raw).to_string()
}

fn cleaner() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tag_attributes("img", ["width", "height", "loading", "decoding"])
        .url_schemes(HashSet::from(["https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer nofollow"));
    b
}

/// "640x480" (or "640×480") as a width and height, each 1 to 4000 pixels.
fn size(title: &str) -> Option<(u32, u32)> {
    let (w, h) = title.trim().split_once(['x', '×'])?;
    let (w, h): (u32, u32) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    ((1..=4000).contains(&w) && (1..=4000).contains(&h)).then_some((w, h))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_html() {
        let html = to_safe_html("# Safety first\n\nSwitch **off** the loads.\n\n- gloves\n- goggles\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        assert!(html.contains("<h1>Safety first</h1>"), "{html}");
        assert!(html.contains("<strong>off</strong>"));
        assert!(html.contains("<li>gloves</li>"));
        assert!(html.contains("<td>1</td>"));
    }

    #[test]
    fn author_html_and_script_urls_never_survive() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))\n\n<a href=\"/x\" onclick=\"alert(4)\">x</a>\n\n<iframe src=\"https://evil.test\"></iframe>",
        );
        for bad in ["<script", "onerror", "javascript:", "onclick", "<iframe"] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
    }

    #[test]
    fn sized_images_are_lazy_and_unsized_ones_become_links() {
        let html = to_safe_html("![A panel \"label\"](/media/label.jpg \"640x480\")");
        assert!(html.contains(r#"width="640""#) && html.contains(r#"height="480""#), "{html}");
        assert!(html.contains(r#"loading="lazy""#));
        assert!(html.contains("A panel &quot;label&quot;"), "{html}");
        let html = to_safe_html("![A panel](/media/label.jpg)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains(r#"<a href="/media/label.jpg""#) && html.contains("A panel</a>"), "{html}");
        // A quote in the alt text stays text: it cannot close the attribute and start another.
        let html = to_safe_html("![x\" onerror=\"alert(1)](/a.jpg \"10x10\")");
        assert!(!html.contains("\" onerror") && html.contains("alt=\"x&quot; onerror=&quot;alert(1)\""), "{html}");
    }

    #[test]
    fn sizes_are_read_with_limits() {
        assert_eq!(size("640x480"), Some((640, 480)));
        assert_eq!(size(" 640 × 480 "), Some((640, 480)));
        assert_eq!(size("0x10"), None);
        assert_eq!(size("9999x10"), None);
        assert_eq!(size("a photo"), None);
    }
}
