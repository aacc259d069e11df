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
    // From quality 50 up (cards are drawn at 82), as close to the picture
    // as a maintained encoder's file at the same quality, tables and 4:2:0
    // subsampling (each 2x2 square's colour averaged, as libjpeg does),
    // read by the same decoder, give or take half a step of the DC
    // quantizer (the two round a block's mean differently): sharp colour
    // edges on a small picture cost both tens of levels, but a wrong
    // table, a lost or swapped block or a shifted row costs this one
    // alone. Below 50 the steps are so coarse that two correct encoders'
    // roundings differ by more.
    if quality >= 50 {
        let mut reference = Vec::new();
        let mut other = jpeg_encoder::Encoder::new(&mut reference, quality);
        other.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
        other.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
        other
            .encode(&card, w as u16, h as u16, jpeg_encoder::ColorType::Rgba)
            .expect("the reference encoder takes any picture of this size");
        let reference = jpeg_decoder::Decoder::new(&reference[..])
            .decode()
            .expect("the reference encoder's file decodes");
        let half_step = f64::from(crate::scaled(&crate::LUMA_Q, quality)[0]) / 16.0;
        let (mine, theirs) = (mean_error(&card, &rgb), mean_error(&card, &reference));
        assert!(
            mine <= theirs * 1.25 + 2.0 + half_step,
            "{w}x{h} at {quality}: mean error {mine:.2}, where a maintained encoder's is {theirs:.2}"
        );
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

/// The mean difference of each colour of `rgba` from the `rgb` decoded.
fn mean_error(rgba: &[u8], rgb: &[u8]) -> f64 {
    let pixels = rgb.len() / 3;
    let total: u64 = (0..pixels)
        .flat_map(|i| (0..3).map(move |c| (i, c)))
        .map(|(i, c)| u64::from(rgba[i * 4 + c].abs_diff(rgb[i * 3 + c])))
        .sum();
    total as f64 / (pixels * 3) as f64
}
