//! QR codes of affiliates' pages: SVG for screens and print shops, PNG
//! for everything else. Error correction level M, a four-module quiet zone
//! (the standard's), black on white.

use resvg::tiny_skia;

/// Modules of margin around the code.
const QUIET: usize = 4;
/// Pixels per module in the PNG: 16 gives a 600-700 px image for a page
/// URL, sharp at 5 cm in print.
const PNG_SCALE: usize = 16;

/// The dark modules of `data`'s code, row by row, and its width.
fn modules(data: &str) -> Result<(Vec<bool>, usize), String> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| format!("cannot make a QR code of {data}: {e}"))?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok((dark, width))
}

/// The code as an SVG document: one path, `shape-rendering="crispEdges"`,
/// scalable to any size. `label` is its accessible name.
pub fn svg(data: &str, label: &str) -> Result<String, String> {
    let (dark, width) = modules(data)?;
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(dark.len() * 4);
    for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
        let (x, y) = (i % width + QUIET, i / width + QUIET);
        path.push_str(&format!("M{x} {y}h1v1h-1z"));
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{label}\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>\n",
        px = size * 8,
        label = html_escape::encode_double_quoted_attribute(label),
    ))
}

/// The code as a PNG.
pub fn png(data: &str) -> Result<Vec<u8>, String> {
    let (dark, width) = modules(data)?;
    let side = ((width + 2 * QUIET) * PNG_SCALE) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(side, side).ok_or("the code is too large")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let mut paint = tiny_skia::Paint::default();
    paint.set_color(tiny_skia::Color::BLACK);
    paint.anti_alias = false;
    for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
        let (x, y) = (
            (i % width + QUIET) * PNG_SCALE,
            (i / width + QUIET) * PNG_SCALE,
        );
        if let Some(rect) =
            tiny_skia::Rect::from_xywh(x as f32, y as f32, PNG_SCALE as f32, PNG_SCALE as f32)
        {
            pixmap.fill_rect(rect, &paint, tiny_skia::Transform::identity(), None);
        }
    }
    pixmap.encode_png().map_err(|e| e.to_string())
}
