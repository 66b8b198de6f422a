//! The SVG writer: for a spec read from the input, or for the trip of the
//! input read as an article, the output is well-formed XML with no script,
//! no event handler and no reference outside the document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tripmap_fuzz::spec_of;

fuzz_target!(|data: &[u8]| {
    let Some(spec) = spec_of(data) else { return };
    let svg = tripmap::render::svg::render(&spec);
    let doc = roxmltree::Document::parse(&svg).expect("the writer's SVG is well-formed XML");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(!matches!(name, "script" | "foreignObject" | "iframe"), "<{name}>");
        for a in node.attributes() {
            assert!(!a.name().starts_with("on"), "event handler {}", a.name());
            if a.name() == "href" {
                assert!(a.value().starts_with('#'), "external href {}", a.value());
            }
            assert!(!a.value().contains("url(") || a.value().starts_with("url(#"));
        }
    }
});
