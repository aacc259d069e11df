//! The oracle of the `jpeg` fuzz target: a picture built from the input is
//! compressed and read back by an independent decoder (jpeg-decoder), and
//! compressing it over a background gives the bytes of compressing it
//! from scratch.

use crate::Encoder;

/// Reads `data` as a picture (size, quality, a smooth background, and
/// sharp rectangles drawn over it, like a card's text), then checks that:
/// - jpeg-decoder reads the file, at the picture's size, close to it;
/// - encoding over the compressed background, with the MCUs the
///   rectangles touch (and any others the input marks) as touched, gives
///   the very bytes of encoding from scratch;
/// - `restore` puts the background back in every touched MCU.
///
/// Panics when one does not hold.
pub fn encode_decode(data: &[u8]) {
    let mut input = data.iter().copied();
    let mut next = move || input.next().unwrap_or(0);
    let (w, h) = (1 + usize::from(next()) % 96, 1 + usize::from(next()) % 96);
    let quality = 1 + next() % 100;
    let (r0, g0, b0, slope) = (next(), next(), next(), usize::from(next() % 8));
    let mut background = vec![255u8; w * h * 4];
    for y in 0..h {
        for x in 0..w {
            let i = (y * w + x) * 4;
            background[i] = r0.wrapping_add(((x * slope) / 4) as u8);
            background[i + 1] = g0.wrapping_add(((y * slope) / 4) as u8);
            background[i + 2] = b0;
        }
    }
    let encoder = Encoder::new(w, h, quality);
    let (mx, my) = encoder.mcus();
    let mut touched = vec![false; mx * my];
    let mut card = background.clone();
    for _ in 0..next() % 6 {
        let (x0, y0) = (usize::from(next()) % w, usize::from(next()) % h);
        let (x1, y1) = (
            (x0 + 1 + usize::from(next()) % 40).min(w),
            (y0 + 1 + usize::from(next()) % 20).min(h),
        );
        let colour = [next(), next(), next()];
        for y in y0..y1 {
            for x in x0..x1 {
                let i = (y * w + x) * 4;
                card[i..i + 3].copy_from_slice(&colour);
                touched[(y / 16) * mx + x / 16] = true;
            }
        }
    }
    for t in touched.iter_mut() {
        *t |= next() % 7 == 0;
    }

    let scratch = encoder.encode(&card, None);
    let mut decoder = jpeg_decoder::Decoder::new(&scratch[..]);
    let rgb = decoder
        .decode()
        .unwrap_or_else(|e| panic!("{w}x{h} at {quality}: the decoder refused it: {e}"));
    let info = decoder.info().expect("read with the pixels");
    assert_eq!(
        (usize::from(info.width), usize::from(info.height)),
        (w, h),
        "the size in the file"
    );
    assert_eq!(rgb.len(), w * h * 3, "pixels decoded");
    if quality >= 75 {
        // Sharp edges cost a few levels at this quality, never more on
        // average over the picture: a wrong table, a lost block or a
        // shifted row costs tens.
        let total: u64 = (0..w * h)
            .flat_map(|i| (0..3).map(move |c| (i, c)))
            .map(|(i, c)| u64::from(card[i * 4 + c].abs_diff(rgb[i * 3 + c])))
            .sum();
        let mean = total as f64 / (w * h * 3) as f64;
        assert!(mean < 12.0, "{w}x{h} at {quality}: mean error {mean}");
    }

    let compressed = encoder.background(background.clone());
    assert_eq!(
        encoder.encode(&card, Some((&compressed, &touched))),
        scratch,
        "{w}x{h} at {quality}: over the background, not the bytes from scratch"
    );
    encoder.restore(&mut card, &background, &touched);
    assert!(card == background, "restore left a drawn pixel");
}
