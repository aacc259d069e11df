//! An affiliate's photo as pages show it: the middle square of the picture,
//! [`SIZE`] pixels a side (twice the size it is shown at, for sharp
//! screens), as a baseline JPEG. Deterministic: the same file gives the
//! same bytes.

use image::imageops::FilterType;

/// Pixels a side.
pub const SIZE: u32 = 192;
const QUALITY: u8 = 85;

/// The published photo made from the bytes of a JPEG or PNG file.
pub fn square(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let picture = image::load_from_memory(bytes)
        .map_err(|e| format!("is not a JPEG or PNG picture tailor can read ({e})"))?;
    let (w, h) = (picture.width(), picture.height());
    if w < 2 || h < 2 {
        return Err(format!("is {w}x{h} pixels: too small to show"));
    }
    let side = w.min(h);
    let square = picture
        .crop_imm((w - side) / 2, (h - side) / 2, side, side)
        .resize_exact(SIZE, SIZE, FilterType::Lanczos3)
        .to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&square)
        .map_err(|e| format!("cannot be encoded: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_wide_picture_becomes_its_middle_square() {
        let jpeg = square(&png(600, 300)).unwrap();
        let shown = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((shown.width(), shown.height()), (SIZE, SIZE));
        assert_eq!(&jpeg[..2], &[0xff, 0xd8]);
        assert_eq!(square(&png(600, 300)).unwrap(), jpeg, "deterministic");
    }

    #[test]
    fn what_is_no_picture_says_so() {
        assert!(
            square(b"not a picture")
                .unwrap_err()
                .starts_with("is not a JPEG or PNG")
        );
        assert!(square(&png(1, 50)).unwrap_err().contains("too small"));
    }
}
