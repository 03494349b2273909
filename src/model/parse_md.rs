//! Markdown articles → Source, using the document's real headings (pulldown-cmark).
//! Title, byline and furniture follow the same rules as plain text.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::parse_text::{furniture_lines, is_byline, nest, split_label};
use super::{spans_text, Block, Boilerplate, ListItem, MetaLines, Section, Source, Span};

/// A block-level piece of the document in reading order.
enum Piece {
    Heading {
        level: usize,
        line: usize,
        text: String,
    },
    Block(Block),
}

pub fn parse_markdown(id: &str, path: &str, text: &str) -> Source {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&start| start <= offset);
    let end_line_of = |end: usize| line_of(end.saturating_sub(1));

    let raw_lines: Vec<String> = text.split('\n').map(|l| l.trim().to_string()).collect();
    let furniture: Vec<usize> = furniture_lines(&raw_lines);
    let is_furniture_line = |line: usize| furniture.binary_search(&(line - 1)).is_ok();

    let mut pieces = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut emphasis = 0usize;
    let mut block_start = 0usize;
    let mut quote_depth = 0usize;
    let mut list_stack: Vec<(bool, Vec<ListItem>)> = Vec::new();
    let mut item_line = 0usize;
    let mut heading: Option<usize> = None;

    let push_text = |spans: &mut Vec<Span>, text: &str, emphasis: bool| match spans.last_mut() {
        Some(last) if last.emphasis == emphasis => last.text.push_str(text),
        _ if text.is_empty() => {}
        _ => spans.push(Span {
            text: text.to_string(),
            emphasis,
        }),
    };

    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(heading_level(level));
                block_start = line_of(range.start);
                spans.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = spans_text(&spans).trim().to_string();
                spans.clear();
                if let Some(level) = heading.take() {
                    if !text.is_empty() {
                        pieces.push(Piece::Heading {
                            level,
                            line: block_start,
                            text,
                        });
                    }
                }
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::CodeBlock(_))
                if list_stack.is_empty() =>
            {
                block_start = line_of(range.start);
                spans.clear();
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::CodeBlock) => {
                if !list_stack.is_empty() {
                    push_text(&mut spans, " ", false);
                    continue;
                }
                let end_line = end_line_of(range.end);
                let taken = std::mem::take(&mut spans);
                if taken.iter().all(|s| s.text.trim().is_empty()) || is_furniture_line(block_start)
                {
                    continue;
                }
                let spans = trim_spans(taken);
                pieces.push(Piece::Block(if quote_depth > 0 {
                    Block::Quote {
                        line: block_start,
                        end_line,
                        spans,
                    }
                } else {
                    Block::Paragraph {
                        line: block_start,
                        end_line,
                        spans,
                    }
                }));
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::List(start)) => {
                flush_item(&mut list_stack, &mut spans, item_line);
                list_stack.push((start.is_some(), Vec::new()));
            }
            Event::End(TagEnd::List(_)) => {
                flush_item(&mut list_stack, &mut spans, item_line);
                if let Some((ordered, items)) = list_stack.pop() {
                    match list_stack.last_mut() {
                        // Nested lists are flattened into their parent: the model has one level.
                        Some((_, parent)) => parent.extend(items),
                        None if !items.is_empty() => {
                            pieces.push(Piece::Block(Block::List { ordered, items }))
                        }
                        None => {}
                    }
                }
            }
            Event::Start(Tag::Item) => {
                flush_item(&mut list_stack, &mut spans, item_line);
                item_line = line_of(range.start);
            }
            Event::End(TagEnd::Item) => flush_item(&mut list_stack, &mut spans, item_line),
            Event::Start(Tag::Strong) | Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Strong) | Event::End(TagEnd::Emphasis) => {
                emphasis = emphasis.saturating_sub(1)
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                push_text(&mut spans, &t, emphasis > 0)
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut spans, " ", emphasis > 0),
            _ => {}
        }
    }

    assemble(id, path, pieces, &raw_lines, &furniture)
}

fn heading_level(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn trim_spans(mut spans: Vec<Span>) -> Vec<Span> {
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    spans.retain(|s| !s.text.is_empty());
    spans
}

fn flush_item(list_stack: &mut [(bool, Vec<ListItem>)], spans: &mut Vec<Span>, line: usize) {
    let taken = trim_spans(std::mem::take(spans));
    if taken.is_empty() {
        return;
    }
    let Some((_, items)) = list_stack.last_mut() else {
        return;
    };
    // `**Label:** text` and `Label: text` items keep their label apart, as in plain text.
    let (label, body) = match taken.first() {
        Some(first) if first.emphasis && taken.len() > 1 => {
            let label = first.text.trim().trim_end_matches(':').trim().to_string();
            let mut body = taken[1..].to_vec();
            if let Some(b) = body.first_mut() {
                b.text = b
                    .text
                    .trim_start()
                    .trim_start_matches(':')
                    .trim_start()
                    .to_string();
            }
            (Some(label), body)
        }
        _ => {
            let text = spans_text(&taken);
            match split_label(&text) {
                (Some(label), body) if taken.len() == 1 => (Some(label), vec![Span::plain(body)]),
                _ => (None, taken),
            }
        }
    };
    items.push(ListItem {
        line,
        label,
        spans: body.into_iter().filter(|s| !s.text.is_empty()).collect(),
    });
}

fn assemble(
    id: &str,
    path: &str,
    mut pieces: Vec<Piece>,
    raw_lines: &[String],
    furniture: &[usize],
) -> Source {
    let mut meta_lines = MetaLines::default();
    let h1_count = pieces
        .iter()
        .filter(|p| matches!(p, Piece::Heading { level: 1, .. }))
        .count();
    // A single leading H1 is the document's title, not a section.
    let mut title = None;
    if h1_count == 1 {
        if let Some(Piece::Heading { level: 1, .. }) = pieces.first() {
            if let Piece::Heading { line, text, .. } = pieces.remove(0) {
                meta_lines.title = Some(line);
                title = Some(text);
            }
        }
    }
    let mut bylines = Vec::new();
    while let Some(Piece::Block(Block::Paragraph { line, spans, .. })) = pieces.first() {
        let text = spans_text(spans);
        if !is_byline(&text) || bylines.len() >= 3 {
            break;
        }
        meta_lines.byline.push(*line);
        bylines.push(text);
        pieces.remove(0);
    }

    let min_level = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Heading { level, .. } => Some(*level),
            Piece::Block(_) => None,
        })
        .min()
        .unwrap_or(1);
    let mut lead = Vec::new();
    let mut flat: Vec<Section> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Heading { level, line, text } => {
                let allowed = flat.last().map_or(1, |s| s.depth + 1);
                flat.push(Section {
                    title: text,
                    depth: (level - min_level + 1).clamp(1, allowed),
                    line,
                    blocks: Vec::new(),
                    children: Vec::new(),
                });
            }
            Piece::Block(block) => match flat.last_mut() {
                Some(section) => section.blocks.push(block),
                None => lead.push(block),
            },
        }
    }
    let title = title
        .or_else(|| flat.first().map(|s| s.title.clone()))
        .unwrap_or_else(|| id.to_string());
    Source {
        id: id.to_string(),
        path: path.to_string(),
        title,
        byline: (!bylines.is_empty()).then(|| bylines.join(" | ")),
        category: None,
        lead,
        sections: nest(flat),
        boilerplate: furniture
            .iter()
            .map(|&i| Boilerplate {
                line: i + 1,
                text: raw_lines[i].clone(),
            })
            .collect(),
        meta_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_headings_give_the_tree_and_a_lone_h1_the_title() {
        let src = parse_markdown(
            "a",
            "a.md",
            "# The Title\n\nBy Ann Lee\n\nLead text.\n\n## One\n\nBody **bold**.\n\n### One.a\n\n- **Cost:** high\n- plain\n\n## Two\n\n> quoted\n",
        );
        assert_eq!(src.title, "The Title");
        assert_eq!(src.byline.as_deref(), Some("By Ann Lee"));
        assert_eq!(src.lead.len(), 1);
        let flat: Vec<(String, usize, usize)> = src
            .flat_sections()
            .iter()
            .map(|r| (r.section.title.clone(), r.section.depth, r.section.line))
            .collect();
        assert_eq!(
            flat,
            vec![
                ("One".to_string(), 1, 7),
                ("One.a".to_string(), 2, 11),
                ("Two".to_string(), 1, 16)
            ]
        );
        let Block::List { items, .. } = &src.sections[0].children[0].blocks[0] else {
            panic!("expected a list");
        };
        assert_eq!(items[0].label.as_deref(), Some("Cost"));
        assert_eq!(items[0].body_text(), "high");
        assert_eq!(items[1].line, 14);
        assert!(matches!(src.sections[1].blocks[0], Block::Quote { .. }));
    }
}
