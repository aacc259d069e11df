//! A baseline JPEG encoder for social cards that reuses the background.
//!
//! Every card of a site is the same background with different text on it,
//! and text covers a fraction of the picture. jpeg-encoder, like every
//! general encoder, transforms and codes all of it for each card; this one
//! writes a restart marker after every 16x16 block group (MCU), which makes
//! each MCU's compressed bytes depend on its pixels alone. The background's
//! MCUs are compressed once; a card copies the bytes of every MCU whose
//! pixels are the background's and compresses only those its text touches.
//! The result is a standard baseline JFIF file (4:2:0, the tables of the
//! JPEG standard's Annex K, restart interval 1): identical to compressing
//! the whole card from scratch, byte for byte, which the tests check.
//!
//! A crate of its own so that it depends on nothing of tailor's, with its
//! tests and a fuzz target (`fuzz/fuzz_targets/jpeg.rs`, whose oracle is
//! [`fuzzing::encode_decode`]). Why it is hand-written: docs/benchmarks.md,
//! "Social cards".

use std::sync::Arc;

/// Natural (row-major) index of each zigzag position.
const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// Annex K.1 quantization tables, natural order.
const LUMA_Q: [u16; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q: [u16; 64] = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/// Annex K.3 Huffman tables: code counts by length, then the symbols.
const LUMA_DC: ([u8; 16], &[u8]) = (
    [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
);
const CHROMA_DC: ([u8; 16], &[u8]) = (
    [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
    &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
);
const LUMA_AC: ([u8; 16], &[u8]) = (
    [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D],
    &[
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61,
        0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52,
        0xD1, 0xF0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25,
        0x26, 0x27, 0x28, 0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45,
        0x46, 0x47, 0x48, 0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64,
        0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83,
        0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
        0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6,
        0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3,
        0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8,
        0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA,
    ],
);
const CHROMA_AC: ([u8; 16], &[u8]) = (
    [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
    &[
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61,
        0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xA1, 0xB1, 0xC1, 0x09, 0x23, 0x33,
        0x52, 0xF0, 0x15, 0x62, 0x72, 0xD1, 0x0A, 0x16, 0x24, 0x34, 0xE1, 0x25, 0xF1, 0x17, 0x18,
        0x19, 0x1A, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44,
        0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63,
        0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A,
        0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
        0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4,
        0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA,
        0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7,
        0xE8, 0xE9, 0xEA, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA,
    ],
);

/// AAN scale factors of the float forward DCT (libjpeg's jfdctflt).
const AAN: [f32; 8] = [
    1.0,
    1.387_039_8,
    1.306_563,
    1.175_875_6,
    1.0,
    0.785_694_96,
    0.541_196_1,
    0.275_899_38,
];

/// A Huffman table as codes: (code, length) by symbol.
struct Codes([(u16, u8); 256]);

impl Codes {
    fn new(table: &([u8; 16], &[u8])) -> Codes {
        let mut out = [(0u16, 0u8); 256];
        let mut code = 0u16;
        let mut k = 0;
        for (len, &count) in table.0.iter().enumerate() {
            for _ in 0..count {
                out[table.1[k] as usize] = (code, len as u8 + 1);
                code += 1;
                k += 1;
            }
            code <<= 1;
        }
        Codes(out)
    }
}

/// Bits into bytes, 0xFF stuffed. Bits gather in a 64-bit word and go out
/// 32 at a time.
struct Bits<'o> {
    out: &'o mut Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits<'_> {
    fn put(&mut self, bits: u16, len: u8) {
        self.put_wide(u64::from(bits), u32::from(len));
    }

    /// A code and the value bits after it, in one step.
    fn put_pair(&mut self, code: u16, code_len: u8, value: u16, value_len: u8) {
        let value_len = u32::from(value_len);
        let value = u64::from(value) & ((1u64 << value_len) - 1);
        self.put_wide(
            (u64::from(code) << value_len) | value,
            u32::from(code_len) + value_len,
        );
    }

    /// Up to 32 bits (the accumulator holds fewer than 32 between calls).
    fn put_wide(&mut self, bits: u64, len: u32) {
        self.acc = (self.acc << len) | (bits & ((1u64 << len) - 1));
        self.n += len;
        if self.n >= 32 {
            self.n -= 32;
            let word = ((self.acc >> self.n) as u32).to_be_bytes();
            self.acc &= (1u64 << self.n) - 1;
            self.bytes(&word);
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        if !bytes.contains(&0xFF) {
            self.out.extend_from_slice(bytes);
            return;
        }
        for &byte in bytes {
            self.out.push(byte);
            if byte == 0xFF {
                self.out.push(0);
            }
        }
    }

    /// Pads to a byte with 1-bits, as before a marker.
    fn finish(mut self) {
        let pad = (8 - self.n % 8) % 8;
        self.acc = (self.acc << pad) | ((1u64 << pad) - 1);
        self.n += pad;
        if self.n == 0 {
            return;
        }
        let tail = (self.acc << (64 - self.n)).to_be_bytes();
        let whole = (self.n / 8) as usize;
        if whole > 0 {
            self.bytes(&tail[..whole]);
        }
    }
}

/// Size category and bits of a coefficient.
fn category(v: i32) -> (u8, u16) {
    let a = v.unsigned_abs();
    let size = (32 - a.leading_zeros()) as u8;
    let bits = if v < 0 { (v - 1) as u16 } else { v as u16 };
    (size, bits)
}

/// An encoder for pictures of one size and quality.
pub struct Encoder {
    width: usize,
    height: usize,
    /// Reciprocals of the divisors, in the block's order: 1 / (table value
    /// x 8 x AAN scaling).
    luma: [f32; 64],
    chroma: [f32; 64],
    header: Vec<u8>,
    codes: [Codes; 4],
}

/// A background's compressed MCUs, and its pixels to compare with.
pub struct Background {
    rgba: Arc<Vec<u8>>,
    mcus: Vec<Vec<u8>>,
}

fn scaled(table: &[u16; 64], quality: u8) -> [u8; 64] {
    let q = u32::from(quality.clamp(1, 100));
    let scale = if q < 50 { 5000 / q } else { 200 - 2 * q };
    let mut out = [0u8; 64];
    for (o, &t) in out.iter_mut().zip(table) {
        *o = ((u32::from(t) * scale + 50) / 100).clamp(1, 255) as u8;
    }
    out
}

impl Encoder {
    pub fn new(width: usize, height: usize, quality: u8) -> Encoder {
        let (lq, cq) = (scaled(&LUMA_Q, quality), scaled(&CHROMA_Q, quality));
        let divisors = |q: &[u8; 64]| {
            let mut d = [0f32; 64];
            for (n, v) in d.iter_mut().enumerate() {
                *v = 1.0 / (f32::from(q[n]) * 8.0 * AAN[n / 8] * AAN[n % 8]);
            }
            d
        };
        let mut h = vec![0xFF, 0xD8];
        // APP0 JFIF 1.01, no density.
        h.extend_from_slice(&[
            0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        ]);
        for (id, q) in [(0u8, &lq), (1, &cq)] {
            h.extend_from_slice(&[0xFF, 0xDB, 0, 67, id]);
            h.extend(ZIGZAG.iter().map(|&n| q[n]));
        }
        let (w, hgt) = (width as u16, height as u16);
        h.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8]);
        h.extend_from_slice(&hgt.to_be_bytes());
        h.extend_from_slice(&w.to_be_bytes());
        h.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        for (class_id, table) in [
            (0x00u8, &LUMA_DC),
            (0x10, &LUMA_AC),
            (0x01, &CHROMA_DC),
            (0x11, &CHROMA_AC),
        ] {
            let len = 2 + 1 + 16 + table.1.len();
            h.extend_from_slice(&[0xFF, 0xC4]);
            h.extend_from_slice(&(len as u16).to_be_bytes());
            h.push(class_id);
            h.extend_from_slice(&table.0);
            h.extend_from_slice(table.1);
        }
        // A restart after every MCU: each one's bytes stand alone.
        h.extend_from_slice(&[0xFF, 0xDD, 0, 4, 0, 1]);
        h.extend_from_slice(&[0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
        Encoder {
            width,
            height,
            luma: divisors(&lq),
            chroma: divisors(&cq),
            header: h,
            codes: [
                Codes::new(&LUMA_DC),
                Codes::new(&LUMA_AC),
                Codes::new(&CHROMA_DC),
                Codes::new(&CHROMA_AC),
            ],
        }
    }

    /// MCUs across and down.
    pub fn mcus(&self) -> (usize, usize) {
        (self.width.div_ceil(16), self.height.div_ceil(16))
    }

    /// Compresses every MCU of `rgba`, to reuse for pictures drawn over it.
    pub fn background(&self, rgba: Vec<u8>) -> Background {
        let (mx, my) = self.mcus();
        let mcus = (0..my)
            .flat_map(|y| (0..mx).map(move |x| (x, y)))
            .map(|(x, y)| {
                let mut mcu = Vec::with_capacity(256);
                self.mcu(&rgba, x, y, &mut mcu);
                mcu
            })
            .collect();
        Background {
            rgba: Arc::new(rgba),
            mcus,
        }
    }

    /// The JPEG of opaque RGBA pixels (premultiplied is the same when
    /// opaque). With a background and the MCUs drawn over it (`touched`,
    /// row by row), every other MCU is the background's and copied, and a
    /// touched one is compared and copied when it came out the same.
    pub fn encode(&self, rgba: &[u8], background: Option<(&Background, &[bool])>) -> Vec<u8> {
        let (mx, my) = self.mcus();
        let mut out = Vec::with_capacity(self.header.len() + 80 * 1024);
        out.extend_from_slice(&self.header);
        let mut k = 0usize;
        for y in 0..my {
            for x in 0..mx {
                if k > 0 {
                    out.extend_from_slice(&[0xFF, 0xD0 + ((k - 1) % 8) as u8]);
                }
                match background {
                    Some((bg, touched)) if !touched[k] || self.same(rgba, &bg.rgba, x, y) => {
                        out.extend_from_slice(&bg.mcus[k])
                    }
                    _ => self.mcu(rgba, x, y, &mut out),
                }
                k += 1;
            }
        }
        out.extend_from_slice(&[0xFF, 0xD9]);
        out
    }

    /// Copies the MCUs marked in `touched` from `from` into `to`.
    pub fn restore(&self, to: &mut [u8], from: &[u8], touched: &[bool]) {
        let (mx, _) = self.mcus();
        for (k, _) in touched.iter().enumerate().filter(|(_, t)| **t) {
            for span in self.rows(k % mx, k / mx) {
                to[span.clone()].copy_from_slice(&from[span]);
            }
        }
    }

    /// The 16x16 pixels of MCU (x, y) are the same in `a` and `b`.
    fn same(&self, a: &[u8], b: &[u8], x: usize, y: usize) -> bool {
        self.rows(x, y).all(|span| a[span.clone()] == b[span])
    }

    /// The byte ranges of MCU (x, y)'s rows in an RGBA picture, cut at the
    /// picture's right and bottom edges.
    fn rows(&self, x: usize, y: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
        let stride = self.width * 4;
        let (x0, x1) = (x * 64, ((x + 1) * 16).min(self.width) * 4);
        (y * 16..((y + 1) * 16).min(self.height))
            .map(move |row| row * stride + x0..row * stride + x1)
    }

    /// One MCU, compressed onto `out`: four luma blocks, Cb, Cr; DC
    /// predicted from 0.
    fn mcu(&self, rgba: &[u8], mx: usize, my: usize, out: &mut Vec<u8>) {
        let mut y = [[0f32; 64]; 4];
        let mut cb = [0f32; 64];
        let mut cr = [0f32; 64];
        // Pixels past the right or bottom edge repeat the last ones.
        let mut columns = [0usize; 16];
        for (px, c) in columns.iter_mut().enumerate() {
            *c = (mx * 16 + px).min(self.width - 1) * 4;
        }
        for py in 0..16 {
            let row = (my * 16 + py).min(self.height - 1);
            let line = &rgba[row * self.width * 4..(row + 1) * self.width * 4];
            let luma = &mut y[(py / 8) * 2..(py / 8) * 2 + 2];
            let (cb_row, cr_row) = (
                &mut cb[(py / 2) * 8..(py / 2) * 8 + 8],
                &mut cr[(py / 2) * 8..(py / 2) * 8 + 8],
            );
            for (px, &i) in columns.iter().enumerate() {
                let (r, g, b) = (
                    f32::from(line[i]),
                    f32::from(line[i + 1]),
                    f32::from(line[i + 2]),
                );
                luma[px / 8][(py % 8) * 8 + px % 8] = 0.299 * r + 0.587 * g + 0.114 * b - 128.0;
                cb_row[px / 2] += (-0.168_736 * r - 0.331_264 * g + 0.5 * b) * 0.25;
                cr_row[px / 2] += (0.5 * r - 0.418_688 * g - 0.081_312 * b) * 0.25;
            }
        }
        let mut bits = Bits { out, acc: 0, n: 0 };
        // DC is coded as the difference from the component's previous
        // block; the restart before every MCU sets that to 0.
        let mut previous = 0;
        for block in &mut y {
            previous = self.block(
                block,
                previous,
                &self.luma,
                &self.codes[0],
                &self.codes[1],
                &mut bits,
            );
        }
        self.block(
            &mut cb,
            0,
            &self.chroma,
            &self.codes[2],
            &self.codes[3],
            &mut bits,
        );
        self.block(
            &mut cr,
            0,
            &self.chroma,
            &self.codes[2],
            &self.codes[3],
            &mut bits,
        );
        bits.finish()
    }

    /// Transforms, quantizes and codes one 8x8 block, its DC as the
    /// difference from `previous`; returns its DC.
    fn block(
        &self,
        data: &mut [f32; 64],
        previous: i32,
        divisors: &[f32; 64],
        dc: &Codes,
        ac: &Codes,
        bits: &mut Bits,
    ) -> i32 {
        fdct(data);
        // Quantized in the block's order (which vectorises), then read in
        // zigzag order.
        let mut natural = [0i32; 64];
        for ((n, &v), &d) in natural.iter_mut().zip(data.iter()).zip(divisors) {
            // Rounded half away from zero, without a call to roundf.
            let v = v * d;
            *n = (v + 0.5f32.copysign(v)) as i32;
        }
        let mut q = [0i32; 64];
        let mut nonzero = 0u64;
        for (k, &n) in ZIGZAG.iter().enumerate() {
            q[k] = natural[n];
            nonzero |= u64::from(q[k] != 0) << k;
        }
        let (size, v) = category(q[0] - previous);
        let (code, len) = dc.0[size as usize];
        bits.put_pair(code, len, v, size);
        // The AC coefficients that are not zero, each after its run of
        // zeros.
        let mut rest = nonzero & !1;
        let mut last = 0;
        while rest != 0 {
            let k = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let mut run = k - last - 1;
            while run > 15 {
                let (code, len) = ac.0[0xF0];
                bits.put(code, len);
                run -= 16;
            }
            let (size, v) = category(q[k]);
            let (code, len) = ac.0[(run << 4) | size as usize];
            bits.put_pair(code, len, v, size);
            last = k;
        }
        if last < 63 {
            let (code, len) = ac.0[0x00];
            bits.put(code, len);
        }
        q[0]
    }
}

/// libjpeg's float AAN forward DCT, in place, rows then columns.
///
/// Each pass transforms the eight columns at once, a row of the block at
/// a time as one vector; the rows' pass runs on the transposed block. Every
/// number goes through the very operations of the one-at-a-time loops, so
/// the result is the same to the bit.
fn fdct(d: &mut [f32; 64]) {
    type Row = [f32; 8];
    fn add(a: Row, b: Row) -> Row {
        std::array::from_fn(|i| a[i] + b[i])
    }
    fn sub(a: Row, b: Row) -> Row {
        std::array::from_fn(|i| a[i] - b[i])
    }
    fn mul(a: Row, s: f32) -> Row {
        std::array::from_fn(|i| a[i] * s)
    }
    fn columns(d: &mut [f32; 64]) {
        let v = |k: usize| -> Row { d[k * 8..k * 8 + 8].try_into().expect("8 wide") };
        let (t0, t7) = (add(v(0), v(7)), sub(v(0), v(7)));
        let (t1, t6) = (add(v(1), v(6)), sub(v(1), v(6)));
        let (t2, t5) = (add(v(2), v(5)), sub(v(2), v(5)));
        let (t3, t4) = (add(v(3), v(4)), sub(v(3), v(4)));
        let (t10, t13) = (add(t0, t3), sub(t0, t3));
        let (t11, t12) = (add(t1, t2), sub(t1, t2));
        let mut out = [[0f32; 8]; 8];
        out[0] = add(t10, t11);
        out[4] = sub(t10, t11);
        let z1 = mul(add(t12, t13), 0.707_106_77);
        out[2] = add(t13, z1);
        out[6] = sub(t13, z1);
        let (t10, t11, t12) = (add(t4, t5), add(t5, t6), add(t6, t7));
        let z5 = mul(sub(t10, t12), 0.382_683_43);
        let z2 = add(mul(t10, 0.541_196_1), z5);
        let z4 = add(mul(t12, 1.306_563), z5);
        let z3 = mul(t11, 0.707_106_77);
        let (z11, z13) = (add(t7, z3), sub(t7, z3));
        out[5] = add(z13, z2);
        out[3] = sub(z13, z2);
        out[1] = add(z11, z4);
        out[7] = sub(z11, z4);
        for (k, row) in out.iter().enumerate() {
            d[k * 8..k * 8 + 8].copy_from_slice(row);
        }
    }
    fn transpose(d: &mut [f32; 64]) {
        for r in 0..8 {
            for c in r + 1..8 {
                d.swap(r * 8 + c, c * 8 + r);
            }
        }
    }
    transpose(d);
    columns(d);
    transpose(d);
    columns(d);
}

#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture like a card: a gradient, with "text" (sharp shapes) drawn
    /// over part of it.
    fn picture(w: usize, h: usize, text: bool) -> Vec<u8> {
        let mut p = vec![255u8; w * h * 4];
        for y in 0..h {
            for x in 0..w {
                let i = (y * w + x) * 4;
                p[i] = (43 + x * 24 / w) as u8;
                p[i + 1] = (37 + y * 30 / h) as u8;
                p[i + 2] = (128 + (x + y) * 74 / (w + h)) as u8;
                if text
                    && (40..90).contains(&y)
                    && (30..300).contains(&x)
                    && (x / 7 + y / 5) % 3 == 0
                {
                    p[i..i + 3].copy_from_slice(&[255, 255, 255]);
                }
            }
        }
        p
    }

    fn decode(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
        let mut d = jpeg_decoder::Decoder::new(bytes);
        let pixels = d.decode().expect("a valid JPEG");
        let info = d.info().unwrap();
        (info.width as usize, info.height as usize, pixels)
    }

    #[test]
    fn a_decoder_reads_back_the_picture() {
        let (w, h) = (200, 110);
        let src = picture(w, h, true);
        let jpeg = Encoder::new(w, h, 90).encode(&src, None);
        let (dw, dh, rgb) = decode(&jpeg);
        assert_eq!((dw, dh), (w, h));
        let mut total = 0u64;
        for i in 0..w * h {
            for c in 0..3 {
                total += u64::from(src[i * 4 + c].abs_diff(rgb[i * 3 + c]));
            }
        }
        let mean = total as f64 / (w * h * 3) as f64;
        assert!(mean < 6.0, "mean error {mean}");
    }

    #[test]
    fn reusing_the_background_gives_the_very_same_bytes() {
        let (w, h) = (320, 150);
        let encoder = Encoder::new(w, h, 82);
        let background = encoder.background(picture(w, h, false));
        let card = picture(w, h, true);
        let (mx, my) = encoder.mcus();
        let all = vec![true; mx * my];
        assert_eq!(
            encoder.encode(&card, Some((&background, &all))),
            encoder.encode(&card, None)
        );
        // The text's blocks only: the same.
        let text: Vec<bool> = (0..mx * my)
            .map(|k| (k / mx) * 16 < 96 && (k % mx) * 16 < 304)
            .collect();
        assert_eq!(
            encoder.encode(&card, Some((&background, &text))),
            encoder.encode(&card, None)
        );
        // The background itself is all reused.
        let plain = picture(w, h, false);
        assert_eq!(
            encoder.encode(&plain, Some((&background, &all))),
            encoder.encode(&plain, None)
        );
    }

    /// The fuzz target's seeds and what the fuzzer kept, and every input
    /// it found wrong, through its oracle: a finding stays fixed without
    /// a fuzzer.
    #[test]
    fn every_fuzz_input_passes_the_oracle() {
        let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
        let mut count = 0;
        for kind in ["corpus", "regressions"] {
            let Ok(entries) = std::fs::read_dir(fuzz.join(kind).join("jpeg")) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                let bytes = std::fs::read(&path).unwrap();
                let run = std::panic::catch_unwind(|| super::fuzzing::encode_decode(&bytes));
                assert!(run.is_ok(), "{}", path.display());
                count += 1;
            }
        }
        assert!(
            count >= 3,
            "only {count} inputs: is fuzz/corpus/jpeg there?"
        );
    }
}
