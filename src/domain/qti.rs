//! QTI 3.0 items (1EdTech's Question and Test Interoperability, the format other learning
//! platforms read and write) mapped onto our items: a choice interaction becomes a single- or
//! multiple-choice item, a text entry a fill-in (a number when its response is numeric), an
//! extended text an open answer. Anything else is reported with its reason, never dropped
//! silently. The package's `imsmanifest.xml` names the item files. XML with a DTD is refused
//! outright (no entity expansion), and a document is limited in nodes.

use crate::domain::assessment::AnswerKey;
use crate::domain::package::Item;
use roxmltree::{Document, Node, ParsingOptions};

/// More nodes than any real item has; a larger document is refused rather than parsed.
const MAX_NODES: u32 = 20_000;

/// Why an item could not be brought over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unmapped {
    #[error("the XML cannot be read: {0}")]
    Xml(String),
    #[error("it is not a QTI 3.0 assessment item (the root is <{0}>)")]
    NotAnItem(String),
    #[error("it has {0} interactions; RuralRise items have one")]
    Interactions(usize),
    #[error("its <{0}> has no RuralRise counterpart (choice, text entry and extended text do)")]
    Interaction(String),
    #[error("its response {0:?} has no correct response")]
    NoCorrectResponse(String),
    #[error("its correct response names a choice it does not have ({0:?})")]
    UnknownChoice(String),
    #[error("it has fewer than two choices")]
    TooFewChoices,
    #[error("its correct number {0:?} cannot be read")]
    NotANumber(String),
}

/// A QTI item as mapped: its identifier and title (for the import report) and our item.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub identifier: String,
    pub title: String,
    pub item: Item,
}

fn parse(xml: &str) -> Result<Document<'_>, Unmapped> {
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    Document::parse_with_options(xml, options).map_err(|e| Unmapped::Xml(e.to_string()))
}

fn named<'a, 'i>(node: Node<'a, 'i>, name: &str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.descendants().filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The text of a node, its elements' text included, with runs of white space made one.
fn text_of(node: Node) -> String {
    let raw: String = node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

const INTERACTIONS: &[&str] = &["qti-choice-interaction", "qti-text-entry-interaction", "qti-extended-text-interaction"];

/// Maps one `qti-assessment-item` document.
pub fn read_item(xml: &str) -> Result<Mapped, Unmapped> {
    let doc = parse(xml)?;
    let root = doc.root_element();
    if root.tag_name().name() != "qti-assessment-item" {
        return Err(Unmapped::NotAnItem(root.tag_name().name().to_owned()));
    }
    let identifier = root.attribute("identifier").unwrap_or_default().to_owned();
    let title = root.attribute("title").unwrap_or_default().to_owned();
    let Some(body) = named(root, "qti-item-body").next() else {
        return Err(Unmapped::Interactions(0));
    };
    let interactions: Vec<Node> = body.descendants().filter(|n| n.is_element() && n.tag_name().name().ends_with("-interaction")).collect();
    let [interaction] = interactions.as_slice() else {
        return Err(Unmapped::Interactions(interactions.len()));
    };
    let kind = interaction.tag_name().name();
    if !INTERACTIONS.contains(&kind) {
        return Err(Unmapped::Interaction(kind.to_owned()));
    }
    let response_id = interaction.attribute("response-identifier").unwrap_or("RESPONSE");
    let declaration = named(root, "qti-response-declaration").find(|d| d.attribute("identifier") == Some(response_id));
    let correct: Vec<String> =
        declaration.into_iter().flat_map(|d| named(d, "qti-correct-response")).flat_map(|c| named(c, "qti-value")).map(text_of).collect();
    // The question: the interaction's prompt, or else the body's text with the blank shown.
    let prompt = named(*interaction, "qti-prompt").next().map(text_of).filter(|p| !p.is_empty()).unwrap_or_else(|| {
        let raw: String = body
            .descendants()
            .filter_map(|n| {
                if n == *interaction {
                    Some("____".to_owned())
                } else if n.is_text() && !n.ancestors().any(|a| a == *interaction) {
                    n.text().map(str::to_owned)
                } else {
                    None
                }
            })
            .collect();
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    });
    let explanation = named(root, "qti-modal-feedback").next().map(text_of).unwrap_or_default();
    let (options, key) = match kind {
        "qti-choice-interaction" => {
            let choices: Vec<Node> = named(*interaction, "qti-simple-choice").collect();
            if choices.len() < 2 {
                return Err(Unmapped::TooFewChoices);
            }
            if correct.is_empty() {
                return Err(Unmapped::NoCorrectResponse(response_id.to_owned()));
            }
            let index = |id: &String| {
                choices
                    .iter()
                    .position(|c| c.attribute("identifier") == Some(id.as_str()))
                    .ok_or_else(|| Unmapped::UnknownChoice(id.clone()))
            };
            let mut picked = correct.iter().map(index).collect::<Result<Vec<_>, _>>()?;
            picked.sort_unstable();
            picked.dedup();
            let multiple = declaration.and_then(|d| d.attribute("cardinality")).is_some_and(|c| c != "single")
                || interaction.attribute("max-choices").is_some_and(|m| m != "1");
            let key = if multiple { AnswerKey::Multiple { correct: picked } } else { AnswerKey::Single { correct: picked[0] } };
            (choices.iter().map(|c| text_of(*c)).collect(), key)
        }
        "qti-text-entry-interaction" => {
            if correct.is_empty() {
                return Err(Unmapped::NoCorrectResponse(response_id.to_owned()));
            }
            let numeric = declaration.and_then(|d| d.attribute("base-type")).is_some_and(|t| matches!(t, "float" | "integer"));
            let key = if numeric {
                let value: f64 = correct[0].trim().parse().map_err(|_| Unmapped::NotANumber(correct[0].clone()))?;
                if !value.is_finite() {
                    return Err(Unmapped::NotANumber(correct[0].clone()));
                }
                AnswerKey::Number { value, tolerance: 0.0 }
            } else {
                // Answers the mapping gives full marks count as right too.
                let mut accepted = correct.clone();
                for entry in declaration.into_iter().flat_map(|d| named(d, "qti-map-entry")) {
                    let full = entry.attribute("mapped-value").and_then(|v| v.parse::<f64>().ok()).is_some_and(|v| v >= 1.0);
                    if let Some(k) = entry.attribute("map-key").filter(|_| full)
                        && !accepted.iter().any(|a| a == k)
                    {
                        accepted.push(k.to_owned());
                    }
                }
                AnswerKey::Text { accepted }
            };
            (Vec::new(), key)
        }
        _ => (Vec::new(), AnswerKey::Open { reference: correct.join("\n") }),
    };
    let points = named(root, "qti-outcome-declaration")
        .find(|o| o.attribute("identifier") == Some("MAXSCORE"))
        .and_then(|o| named(o, "qti-value").next())
        .and_then(|v| text_of(v).parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map_or(1, |v| v.round().clamp(0.0, 100.0) as i32);
    Ok(Mapped { identifier, title, item: Item { prompt, options, key, points, explanation, skills: Vec::new(), rubric: None } })
}

/// The item files an `imsmanifest.xml` lists (resources of a QTI 3.0 item type), in its order.
pub fn manifest_items(xml: &str) -> Result<Vec<String>, Unmapped> {
    let doc = parse(xml)?;
    Ok(named(doc.root_element(), "resource")
        .filter(|r| r.attribute("type").is_some_and(|t| t.starts_with("imsqti_item_xmlv3p0")))
        .filter_map(|r| r.attribute("href").map(str::to_owned))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0""#;

    fn item(body: &str, declarations: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item {NS} identifier="q1" title="Luggage" adaptive="false" time-dependent="false">
{declarations}
<qti-item-body>{body}</qti-item-body>
</qti-assessment-item>"#
        )
    }

    #[test]
    fn a_choice_maps_to_single_or_multiple_choice() {
        let body = r#"<p>Look at the sign.</p><qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
            <qti-prompt>What does it say?</qti-prompt>
            <qti-simple-choice identifier="A">Stay with your luggage.</qti-simple-choice>
            <qti-simple-choice identifier="B">Leave it <b>anywhere</b>.</qti-simple-choice>
            <qti-simple-choice identifier="C">Nothing.</qti-simple-choice></qti-choice-interaction>"#;
        let single = r#"<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
            <qti-correct-response><qti-value>A</qti-value></qti-correct-response></qti-response-declaration>"#;
        let m = read_item(&item(body, single)).unwrap();
        assert_eq!((m.identifier.as_str(), m.title.as_str()), ("q1", "Luggage"));
        assert_eq!(m.item.prompt, "What does it say?");
        assert_eq!(m.item.options, ["Stay with your luggage.", "Leave it anywhere.", "Nothing."]);
        assert_eq!((m.item.key, m.item.points), (AnswerKey::Single { correct: 0 }, 1));
        let multiple = r#"<qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="identifier">
            <qti-correct-response><qti-value>C</qti-value><qti-value>A</qti-value></qti-correct-response></qti-response-declaration>
            <qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">
            <qti-default-value><qti-value>2</qti-value></qti-default-value></qti-outcome-declaration>"#;
        let m = read_item(&item(body, multiple)).unwrap();
        assert_eq!((m.item.key, m.item.points), (AnswerKey::Multiple { correct: vec![0, 2] }, 2));
        let wrong = single.replace(">A<", ">Z<");
        assert_eq!(read_item(&item(body, &wrong)), Err(Unmapped::UnknownChoice("Z".into())));
    }

    #[test]
    fn a_text_entry_maps_to_fill_in_with_its_accepted_answers_or_a_number() {
        let body = r#"<p>The capital of Kenya is <qti-text-entry-interaction response-identifier="RESPONSE"/>.</p>"#;
        let text = r#"<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
            <qti-correct-response><qti-value>Nairobi</qti-value></qti-correct-response>
            <qti-mapping default-value="0"><qti-map-entry map-key="Nairobi" mapped-value="1"/>
            <qti-map-entry map-key="Nairobi City" mapped-value="1"/><qti-map-entry map-key="Mombasa" mapped-value="0.5"/></qti-mapping>
            </qti-response-declaration>"#;
        let m = read_item(&item(body, text)).unwrap();
        assert_eq!(m.item.prompt, "The capital of Kenya is ____.");
        assert_eq!(m.item.key, AnswerKey::Text { accepted: vec!["Nairobi".into(), "Nairobi City".into()] });
        let number = r#"<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="float">
            <qti-correct-response><qti-value>12.5</qti-value></qti-correct-response></qti-response-declaration>"#;
        assert_eq!(read_item(&item(body, number)).unwrap().item.key, AnswerKey::Number { value: 12.5, tolerance: 0.0 });
        let none = r#"<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>"#;
        assert_eq!(read_item(&item(body, none)), Err(Unmapped::NoCorrectResponse("RESPONSE".into())));
    }

    #[test]
    fn an_extended_text_maps_to_an_open_answer() {
        let body = r#"<qti-extended-text-interaction response-identifier="RESPONSE" expected-lines="5">
            <qti-prompt>Describe   how you isolate a panel.</qti-prompt></qti-extended-text-interaction>"#;
        let m =
            read_item(&item(body, r#"<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>"#)).unwrap();
        assert_eq!(m.item.prompt, "Describe how you isolate a panel.");
        assert!(m.item.key.is_open());
    }

    #[test]
    fn what_cannot_be_mapped_says_why() {
        let order = r#"<qti-order-interaction response-identifier="RESPONSE"><qti-simple-choice identifier="A">a</qti-simple-choice></qti-order-interaction>"#;
        assert_eq!(read_item(&item(order, "")), Err(Unmapped::Interaction("qti-order-interaction".into())));
        let two = r#"<qti-extended-text-interaction response-identifier="A"/><qti-extended-text-interaction response-identifier="B"/>"#;
        assert_eq!(read_item(&item(two, "")), Err(Unmapped::Interactions(2)));
        assert_eq!(read_item("<html/>"), Err(Unmapped::NotAnItem("html".into())));
        assert!(matches!(read_item("<qti-assessment-item"), Err(Unmapped::Xml(_))));
        // A DTD (the way to entity bombs) is refused before anything is expanded.
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <qti-assessment-item identifier="x"><qti-item-body><p>&lol2;</p></qti-item-body></qti-assessment-item>"#;
        assert!(matches!(read_item(bomb), Err(Unmapped::Xml(_))));
        for e in [Unmapped::Interaction("qti-hotspot-interaction".into()), Unmapped::Interactions(0)] {
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn the_manifest_lists_its_items_in_order() {
        let xml = r#"<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="m">
            <resources>
              <resource identifier="i2" type="imsqti_item_xmlv3p0" href="items/b.xml"/>
              <resource identifier="t" type="imsqti_test_xmlv3p0" href="test.xml"/>
              <resource identifier="i1" type="imsqti_item_xmlv3p0" href="items/a.xml"/>
              <resource identifier="css" type="webcontent" href="style.css"/>
            </resources></manifest>"#;
        assert_eq!(manifest_items(xml).unwrap(), ["items/b.xml", "items/a.xml"]);
    }
}
