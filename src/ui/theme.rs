//! Maps meaning (layout Kinds, selection, focus) to terminal styles for each Palette.
//! The only place colours are chosen; NO_COLOR gets bold, reverse and underline only.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::app::{Background, Palette, Settings};
use crate::layout::Kind;

/// Borders for `--ascii`.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    palette: Palette,
    background: Background,
}

/// Colours picked to read on dark and light backgrounds alike: no yellow or cyan text,
/// no grey below mid-tone.
struct Colors {
    accent: Color,
    title: Color,
    muted: Color,
    warn: Color,
    mark_bg: Color,
}

impl Theme {
    /// A theme for the palette, for dark backgrounds (and readable on light ones).
    pub fn new(palette: Palette) -> Theme {
        Theme {
            palette,
            background: Background::Dark,
        }
    }

    /// The theme the settings ask for (palette and background).
    pub fn for_settings(settings: &Settings) -> Theme {
        Theme {
            palette: settings.palette,
            background: settings.background,
        }
    }

    fn colors(self) -> Option<Colors> {
        match (self.palette, self.background) {
            (Palette::NoColor, _) => None,
            (Palette::Ansi16, Background::Dark) => Some(Colors {
                accent: Color::Blue,
                title: Color::Magenta,
                muted: Color::DarkGray,
                warn: Color::Red,
                mark_bg: Color::Yellow,
            }),
            // On a light background the bright variants wash out; the plain ones and a
            // black-based grey keep their contrast.
            (Palette::Ansi16, Background::Light) => Some(Colors {
                accent: Color::Blue,
                title: Color::Magenta,
                muted: Color::DarkGray,
                warn: Color::Red,
                mark_bg: Color::LightYellow,
            }),
            (Palette::TrueColor, Background::Dark) => Some(Colors {
                accent: Color::Rgb(110, 160, 230),
                title: Color::Rgb(205, 130, 205),
                muted: Color::Rgb(150, 150, 150),
                warn: Color::Rgb(240, 100, 100),
                mark_bg: Color::Rgb(240, 208, 96),
            }),
            (Palette::TrueColor, Background::Light) => Some(Colors {
                accent: Color::Rgb(0, 82, 165),
                title: Color::Rgb(128, 38, 128),
                muted: Color::Rgb(96, 96, 96),
                warn: Color::Rgb(170, 20, 20),
                mark_bg: Color::Rgb(255, 226, 130),
            }),
        }
    }

    fn fg(self, pick: impl Fn(&Colors) -> Color) -> Style {
        self.colors()
            .map_or_else(Style::default, |c| Style::default().fg(pick(&c)))
    }

    pub fn kind(self, kind: Kind) -> Style {
        let bold = Modifier::BOLD;
        match kind {
            Kind::Title => self.fg(|c| c.title).add_modifier(bold),
            Kind::Meta => self.fg(|c| c.muted),
            Kind::Heading(1) => self.fg(|c| c.accent).add_modifier(bold),
            Kind::Heading(_) => Style::default().add_modifier(bold),
            Kind::Rule | Kind::Quote => self.fg(|c| c.accent),
            Kind::Body => Style::default(),
            Kind::Emphasis | Kind::Label => Style::default().add_modifier(bold),
            Kind::Bullet => self.fg(|c| c.title),
            Kind::Marker => match self.palette {
                Palette::NoColor => Style::default().add_modifier(Modifier::UNDERLINED),
                _ => self.fg(|c| c.warn),
            },
        }
    }

    /// The selected row; dimmer (bold only) when its pane is not focused.
    pub fn selected(self, focused: bool) -> Style {
        if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(|c| c.accent).add_modifier(Modifier::BOLD)
        } else {
            self.fg(|c| c.muted)
        }
    }

    pub fn secondary(self) -> Style {
        self.fg(|c| c.muted)
    }

    pub fn status(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn notice(self) -> Style {
        self.fg(|c| c.warn).add_modifier(Modifier::BOLD)
    }

    /// Matched characters of a search hit: bold and underlined, so they show without
    /// colour and on top of a selected (reversed) or highlighted row.
    pub fn matched(self) -> Style {
        self.fg(|c| c.title)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Matched characters inside a highlighted range: the highlight's colours kept.
    pub fn matched_in_highlight(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A benefit's mark (balance bar, grid cell); without colour the symbol says it.
    pub fn benefit(self) -> Style {
        match self.palette {
            Palette::NoColor => Style::default(),
            Palette::Ansi16 => Style::default().fg(Color::Green),
            Palette::TrueColor => Style::default().fg(Color::Rgb(40, 140, 70)),
        }
    }

    /// A risk's mark, as for `benefit`.
    pub fn risk(self) -> Style {
        self.fg(|c| c.warn)
    }

    /// The clause a column is about when a statement stands in both columns.
    pub fn emphasis(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A highlighted range of the text (search hit, statement).
    pub fn highlight(self) -> Style {
        match self.colors() {
            None => Style::default().add_modifier(Modifier::REVERSED),
            Some(c) => Style::default().bg(c.mark_bg).fg(Color::Black),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [Kind; 11] = [
        Kind::Title,
        Kind::Meta,
        Kind::Heading(1),
        Kind::Heading(2),
        Kind::Rule,
        Kind::Body,
        Kind::Emphasis,
        Kind::Label,
        Kind::Bullet,
        Kind::Quote,
        Kind::Marker,
    ];

    fn all_styles(theme: Theme) -> Vec<Style> {
        let mut styles: Vec<Style> = KINDS.iter().map(|k| theme.kind(*k)).collect();
        styles.extend([
            theme.selected(true),
            theme.selected(false),
            theme.border(true),
            theme.border(false),
            theme.secondary(),
            theme.status(),
            theme.notice(),
            theme.highlight(),
            theme.matched(),
            theme.matched_in_highlight(),
            theme.benefit(),
            theme.risk(),
            theme.emphasis(),
        ]);
        styles
    }

    #[test]
    fn no_color_means_no_colour_at_all() {
        for style in all_styles(Theme::new(Palette::NoColor)) {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
            assert_eq!(style.underline_color, None);
        }
    }

    #[test]
    fn sixteen_colours_never_use_rgb_and_truecolor_does() {
        let is_rgb = |c: Option<Color>| matches!(c, Some(Color::Rgb(..)));
        assert!(!all_styles(Theme::new(Palette::Ansi16))
            .iter()
            .any(|s| is_rgb(s.fg) || is_rgb(s.bg)));
        assert!(all_styles(Theme::new(Palette::TrueColor))
            .iter()
            .any(|s| is_rgb(s.fg)));
    }

    /// WCAG relative luminance of an sRGB colour.
    fn luminance(color: Color) -> f64 {
        let Color::Rgb(r, g, b) = color else {
            panic!("not RGB: {color:?}");
        };
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    fn contrast(a: Color, b: Color) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn truecolor_text_is_readable_on_its_background() {
        let on = [
            (
                Background::Dark,
                Color::Rgb(0, 0, 0),
                Color::Rgb(30, 30, 30),
            ),
            (
                Background::Light,
                Color::Rgb(255, 255, 255),
                Color::Rgb(245, 245, 235),
            ),
        ];
        for (background, pure, tinted) in on {
            let theme = Theme {
                palette: Palette::TrueColor,
                background,
            };
            let colors = theme.colors().unwrap();
            for fg in [colors.accent, colors.title, colors.muted, colors.warn] {
                for bg in [pure, tinted] {
                    // 4.5 is WCAG AA for body text.
                    assert!(
                        contrast(fg, bg) >= 4.5,
                        "{fg:?} on {bg:?} ({background:?}): {:.2}",
                        contrast(fg, bg)
                    );
                }
            }
            assert!(contrast(Color::Rgb(0, 0, 0), colors.mark_bg) >= 4.5);
        }
    }

    #[test]
    fn the_light_theme_differs_from_the_dark_one() {
        let settings = Settings {
            palette: Palette::TrueColor,
            background: Background::Light,
            ..Settings::default()
        };
        let light = all_styles(Theme::for_settings(&settings));
        let dark = all_styles(Theme::new(Palette::TrueColor));
        assert_ne!(light, dark);
    }

    #[test]
    fn headings_and_emphasis_stand_out_without_colour() {
        let theme = Theme::new(Palette::NoColor);
        for kind in [
            Kind::Title,
            Kind::Heading(1),
            Kind::Heading(3),
            Kind::Emphasis,
            Kind::Label,
        ] {
            assert!(
                theme.kind(kind).add_modifier.contains(Modifier::BOLD),
                "{kind:?}"
            );
        }
    }
}
