//! Data from anywhere: one customer export as the spreadsheets of the US,
//! Germany, Brazil, Russia and Turkey write it (`tests/fixtures/markets`:
//! `,` or `;`, decimal points or commas, thousands grouped by `,` `.` or
//! no-break spaces, `$`, `€`, `R$`, `₽`, `₺`, dates month or day first,
//! headers and lifecycle words in each language), and as Excel's
//! "Unicode Text" (UTF-16, tabs) and a Windows-1251 file, reads to the
//! same figures: `report` and `derive` print the same, byte for byte.
//! Then what cannot be read one way is refused, at its cell, with both
//! readings and the setting that decides.

use std::fs;

use crate::support::{Run, Site, fixture};

const MARKETS: [&str; 5] = ["us", "de", "br", "ru", "tr"];

/// `customers.csv` of the site, written as `bytes`.
fn put(site: &Site, bytes: &[u8]) {
    fs::write(site.root.join("customers.csv"), bytes).unwrap();
}

fn text(site: &Site, market: &str) -> String {
    fs::read_to_string(site.root.join(format!("customers-{market}.csv"))).unwrap()
}

/// `report --format json` and `derive --dry-run` on customers.csv.
fn figures(site: &Site, extra: &[&str]) -> (Run, Run) {
    let mut args = vec!["report", "--customers", "customers.csv", "--format", "json"];
    args.extend_from_slice(extra);
    let report = site.run(&args);
    let mut args = vec![
        "derive",
        "--customers",
        "customers.csv",
        "--dry-run",
        "--min-group",
        "1",
    ];
    args.extend_from_slice(extra);
    let mut derive = site.run(&args);
    // The headers it did not use, as each file writes them.
    derive.stdout = derive
        .stdout
        .lines()
        .filter(|l| !l.starts_with("Columns not used:"))
        .map(|l| format!("{l}\n"))
        .collect();
    (report, derive)
}

#[test]
fn every_market_reads_to_the_same_figures() {
    let site = fixture("markets");
    put(&site, text(&site, "us").as_bytes());
    let (report, derive) = figures(&site, &[]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert_eq!(derive.code, 0, "{}", derive.stderr);
    assert!(report.stderr.is_empty(), "{}", report.stderr);

    // The figures are the export's: $48,250.00 is 48250, "18,000" (ARR)
    // is settled by the LTV column's cents, 3/14/2024 is a churn date.
    let doc: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let ann = doc["affiliates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "ann")
        .unwrap();
    assert_eq!(ann["referred"], 4, "{ann}");
    assert_eq!(ann["churned"], 1, "{ann}");
    let ltv = ann["avg_ltv"].as_f64().unwrap();
    assert!(
        (ltv - (48250.0 + 12500.5 + 23400.9 + 1200.0) / 4.0).abs() < 0.01,
        "{ann}"
    );
    // Labels as written, accents and all.
    assert!(
        derive.stdout.contains("Obrigações acessórias (SPED)"),
        "{}",
        derive.stdout
    );
    assert!(
        derive.stdout.contains("1 row is not a customer"),
        "{}",
        derive.stdout
    );

    for market in MARKETS {
        put(&site, text(&site, market).as_bytes());
        let (r, d) = figures(&site, &[]);
        assert_eq!(r.code, 0, "{market}: {}", r.stderr);
        assert_eq!(r.stdout, report.stdout, "{market}: report");
        assert_eq!(d.stdout, derive.stdout, "{market}: derive");
    }

    // Russian, saved by Excel as plain "CSV": Windows-1251, declared. The
    // code page has no ₽ and no Portuguese letters: its file writes `р.`,
    // and the label the US file is compared with is one it can write.
    let plain = |t: &str| t.replace("Obrigações acessórias (SPED)", "SPED filings");
    put(&site, plain(&text(&site, "us")).as_bytes());
    let (report_plain, derive_plain) = figures(&site, &[]);
    let ru = plain(&text(&site, "ru")).replace('₽', "р.");
    let (cp1251, _, unmapped) = encoding_rs::WINDOWS_1251.encode(&ru);
    assert!(!unmapped);
    put(&site, &cp1251);
    let (r, _) = figures(&site, &[]);
    assert_eq!(r.code, 1, "undeclared: refused");
    assert_eq!(r.errors().len(), 1, "one error for the file: {}", r.stderr);
    assert!(
        r.stderr
            .contains("windows-1251, the encoding it most likely is")
            && r.stderr.contains("--encoding windows-1251"),
        "{}",
        r.stderr
    );
    let (r, d) = figures(&site, &["--encoding", "windows-1251"]);
    assert_eq!(
        r.stdout, report_plain.stdout,
        "windows-1251: report: {}",
        r.stderr
    );
    assert_eq!(
        d.stdout, derive_plain.stdout,
        "windows-1251: derive: {}",
        d.stderr
    );

    // Excel's "Unicode Text": UTF-16 LE with a byte-order mark, tabs.
    let us = text(&site, "us");
    let mut tabbed = String::new();
    for record in csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(us.as_bytes())
        .records()
    {
        let record = record.unwrap();
        tabbed.push_str(&record.iter().collect::<Vec<_>>().join("\t"));
        tabbed.push_str("\r\n");
    }
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in tabbed.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    put(&site, &utf16);
    let (r, d) = figures(&site, &[]);
    assert_eq!(
        r.stdout, report.stdout,
        "unicode text: report: {}",
        r.stderr
    );
    assert_eq!(
        d.stdout, derive.stdout,
        "unicode text: derive: {}",
        d.stderr
    );
}

#[test]
fn settings_in_tailor_yaml_say_it_once() {
    let site = fixture("markets");
    put(&site, text(&site, "us").as_bytes());
    let (us, us_derive) = figures(&site, &[]);
    assert_eq!(us.code, 0, "{}", us.stderr);
    // A Brazilian export whose words and headers are its own: mapped once
    // in tailor.yaml, for every run.
    let br = text(&site, "br")
        .replace("Ex-cliente", "Encerrada")
        .replace(";Cliente;", ";Em dia;")
        .replace("Setor", "Vertical de mercado");
    put(&site, br.as_bytes());
    let (r, d) = figures(&site, &[]);
    assert_eq!((r.code, d.code), (1, 1));
    assert!(
        r.stderr.contains("customers.csv:2:33: \"Fase do ciclo de vida\" has 2 values tailor does not read as a customer's standing: \"Em dia\" (9 rows, first on line 2), \"Encerrada\" (2 rows, first on line 4)"),
        "{}",
        r.stderr
    );
    assert!(
        d.stderr.contains("missing niche") && d.stderr.contains("\"Vertical de mercado\""),
        "{}",
        d.stderr
    );
    let config = fs::read_to_string(site.root.join("tailor.yaml")).unwrap();
    site.write(
        "tailor.yaml",
        &format!(
            "{config}data:\n  locale: pt-BR\n  customers:\n    columns:\n      niche: Vertical de mercado\n    values:\n      Em dia: customer\n      Encerrada: churned\n"
        ),
    );
    put(&site, br.as_bytes());
    let (r, d) = figures(&site, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(d.code, 0, "{}", d.stderr);
    assert_eq!(r.stdout, us.stdout);
    assert_eq!(d.stdout, us_derive.stdout);
}

#[test]
fn a_number_read_two_ways_is_refused_with_both_readings() {
    let site = fixture("markets");
    // `1.234` and `2.500` alone: a German thousand, or a US decimal?
    put(
        &site,
        "Company;Industry;Source;NPS;LTV;Referred by\nA;Fintech;Search;9;1.234;ANN\nB;Fintech;Search;10;2.500;ANN\n"
            .as_bytes(),
    );
    let (r, d) = figures(&site, &[]);
    assert_eq!((r.code, d.code), (1, 1));
    for run in [&r, &d] {
        assert!(
            run.stderr.contains("customers.csv:2:20: ltv: \"1.234\" reads two ways: 1.234 with a decimal point, 1234 with a decimal comma, and nothing in the file says which — set the locale the file is written in: --locale de (or in tailor.yaml: data: { locale: de }) for a decimal comma, --locale en-US (or in tailor.yaml: data: { locale: en-US }) for a point"),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "no half report: {}", run.stdout);
    }
    let (r, _) = figures(&site, &["--locale", "de"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["program"]["avg_ltv"], 1867.0, "{}", r.stdout);

    // What the values say wins where they say it: a thousands group and
    // cents settle the column for the rows before them too.
    put(
        &site,
        "Company;Industry;Source;NPS;LTV;Referred by\nA;Fintech;Search;9;1.234;ANN\nB;Fintech;Search;10;12.500,00;ANN\n"
            .as_bytes(),
    );
    let (r, _) = figures(&site, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["program"]["avg_ltv"], 6867.0, "{}", r.stdout);
}

#[test]
fn what_the_old_reader_read_a_thousand_times_too_small_is_right() {
    // `12.500,00` was read as 13 and `23.400,90` as 23.
    let site = fixture("markets");
    put(
        &site,
        "Company;Industry;Source;NPS;LTV;Referred by\nA;Fintech;Search;9;12.500,00;ANN\nB;Fintech;Search;10;23.400,90;ANN\nC;Fintech;Search;10;12500,50;ANN\n"
            .as_bytes(),
    );
    let (r, _) = figures(&site, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let avg = doc["program"]["avg_ltv"].as_f64().unwrap();
    assert!(
        (avg - (12500.0 + 23400.9 + 12500.5) / 3.0).abs() < 0.01,
        "{avg}"
    );
}

#[test]
fn a_delimiter_read_two_ways_is_refused_and_settled_by_the_setting() {
    let site = fixture("markets");
    put(&site, b"Company,Industry;Source\nA,Fintech;Search\n");
    let (r, _) = figures(&site, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("customers.csv:1:1: the header row reads two ways: split at commas it has 2 columns (\"Company\", \"Industry;Source\"); split at semicolons it has 2 columns (\"Company,Industry\", \"Source\")"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--delimiter"), "{}", r.stderr);
}

#[test]
fn a_stray_quote_is_named_where_it_opens() {
    let site = fixture("markets");
    put(
        &site,
        b"Company,Industry,Source,NPS,Referred by\nA,Fintech,Search,9,ANN\n\"B,Fintech,Search,9,ANN\nC,Fintech,Search,9,ANN\nD,Fintech,Search,9,ANN\n",
    );
    let (r, _) = figures(&site, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("customers.csv:3:1: a quote opens this cell and is not closed until line 5"),
        "{}",
        r.stderr
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_named() {
    let site = fixture("markets");
    let mut bytes = Vec::new();
    for unit in
        "Company,Industry,Source,NPS,Referred by\r\nA,Fintech,Search,9,ANN\r\n".encode_utf16()
    {
        bytes.extend(unit.to_le_bytes());
    }
    put(&site, &bytes);
    let (r, _) = figures(&site, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("looks like UTF-16 (little-endian) without a byte-order mark")
            && r.stderr.contains("--encoding utf-16le"),
        "{}",
        r.stderr
    );
    let (r, _) = figures(&site, &["--encoding", "utf-16le"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn affiliates_csv_as_a_german_spreadsheet_writes_it() {
    let site = fixture("minimal");
    fs::remove_file(site.root.join("affiliates.yaml")).unwrap();
    // `;`, a byte-order mark, German headers and status words, and a
    // Windows-1252 file declared in tailor.yaml.
    let csv = "\u{feff}Vorname;Nachname;Segment;Empfehlungscode;Status\r\nJürgen;Groß;alpha;jg;Aktiv\r\nMia;Klein;alpha;mk;Inaktiv\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(csv.trim_start_matches('\u{feff}'));
    fs::write(site.root.join("affiliates.csv"), &bytes).unwrap();
    let config = fs::read_to_string(site.root.join("tailor.yaml")).unwrap();
    site.write(
        "tailor.yaml",
        &format!("{config}\naffiliates:\n  encoding: windows-1252\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(site.out().join("jurgen-gross/index.html"))
        .or_else(|_| fs::read_to_string(site.out().join("juergen-gross/index.html")))
        .unwrap_or_else(|_| panic!("Jürgen's page: {}", run.stderr));
    assert!(page.contains("Jürgen Groß"), "{page}");
    assert!(page.contains("ref=jg"), "his code on his page");
    assert!(
        !site.out().join("mia-klein/index.html").exists(),
        "inaktiv: no page"
    );
}
