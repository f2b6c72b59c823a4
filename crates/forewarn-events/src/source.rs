//! Opening an input as a stream of bytes: a plain file, `.gz`, `.zip` (first entry, read
//! straight from the stream without seeking), or an `http(s)://` URL streamed with ureq (rustls),
//! so a URL costs no more memory than a file.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::time::Duration;

use flate2::bufread::{DeflateDecoder, MultiGzDecoder};
use forewarn_ingest::limits::{Counting, Expansion};

const BUF: usize = 256 * 1024;

/// Opens `spec` (a path or URL) and undoes `.gz` / `.zip` compression, judged by the name.
pub fn open_input(spec: &str) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if is_url(spec) {
        download(spec)?
    } else {
        Box::new(File::open(spec).map_err(|e| io::Error::new(e.kind(), format!("{spec}: {e}")))?)
    };
    let buffered = BufReader::with_capacity(BUF, raw);
    let lower = spec.to_ascii_lowercase();
    if !lower.ends_with(".gz") && !lower.ends_with(".zip") {
        return Ok(Box::new(buffered));
    }
    // Decompression is capped by size and ratio as it streams (a bomb stops with an error
    // that says so, and the row reader names the file and line).
    let (counted, compressed) = Counting::new(buffered);
    let decoder: Box<dyn Read + Send> = if lower.ends_with(".gz") {
        Box::new(MultiGzDecoder::new(counted))
    } else {
        zip_first_entry(counted).map_err(|e| io::Error::new(e.kind(), format!("{spec}: {e}")))?
    };
    Ok(Box::new(BufReader::with_capacity(
        BUF,
        Expansion::new(decoder, compressed, MAX_EXPANDED),
    )))
}

/// Largest decompressed input: a day of GDELT 2.0 GKG is a few GiB; anything past this is
/// refused (the ratio check in [`Expansion`] catches a bomb long before).
pub const MAX_EXPANDED: u64 = 64 * 1024 * 1024 * 1024;

pub fn is_url(spec: &str) -> bool {
    spec.starts_with("http://") || spec.starts_with("https://")
}

/// Whether [`open_input`] would read `spec` as it is from disk: not a URL, not `.gz` or `.zip`.
pub fn is_plain_file(spec: &str) -> bool {
    let lower = spec.to_ascii_lowercase();
    !is_url(spec) && !lower.ends_with(".gz") && !lower.ends_with(".zip")
}

/// The first entry of a zip archive, read from its local file header onwards. GDELT's zips
/// hold one CSV each; stored (0) and deflated (8) entries are supported.
pub fn zip_first_entry<R: BufRead + Send + 'static>(mut r: R) -> io::Result<Box<dyn Read + Send>> {
    let mut header = [0u8; 30];
    r.read_exact(&mut header)?;
    if header[..4] != [0x50, 0x4b, 0x03, 0x04] {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a zip file (no local file header)",
        ));
    }
    let u16le = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
    let flags = u16le(6);
    let method = u16le(8);
    let compressed = u32::from_le_bytes([header[18], header[19], header[20], header[21]]);
    let skip = u64::from(u16le(26)) + u64::from(u16le(28));
    io::copy(&mut (&mut r).take(skip), &mut io::sink())?;
    match method {
        8 => Ok(Box::new(DeflateDecoder::new(r))),
        // A stored entry with a trailing data descriptor has no size up front.
        0 if flags & 0x08 == 0 => Ok(Box::new(r.take(u64::from(compressed)))),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("zip compression method {method} is not supported (only stored and deflate)"),
        )),
    }
}

/// The body of `url` as a stream. A status other than 2xx is an error before any byte is
/// read, and a connection that drops mid-body is an error at that point (ureq checks the
/// declared length), so a failed download never reads as a short file.
pub fn download(url: &str) -> io::Result<Box<dyn Read + Send>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(15)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        // Generous: a big file on a slow link must not be cut off, but a stalled one must end.
        .timeout_recv_body(Some(Duration::from_secs(30 * 60)))
        .user_agent(concat!("forewarn/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let response = agent
        .get(url)
        .call()
        .map_err(|e| io::Error::other(format!("download of {url} failed: {e}")))?;
    let reader = response
        .into_body()
        .into_with_config()
        .limit(u64::MAX)
        .reader();
    Ok(Box::new(reader))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_gz_and_zip_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let gz = dir.path().join("a.CSV.gz");
        let mut enc = flate2::write::GzEncoder::new(File::create(&gz).unwrap(), Default::default());
        enc.write_all(b"a\tb\n").unwrap();
        enc.finish().unwrap();
        let mut s = String::new();
        open_input(gz.to_str().unwrap())
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "a\tb\n");

        // A one-entry zip with a deflated member, built by hand.
        let body = b"x\ty\n";
        let mut deflated = Vec::new();
        let mut d = flate2::write::DeflateEncoder::new(&mut deflated, Default::default());
        d.write_all(body).unwrap();
        d.finish().unwrap();
        let name = b"a.CSV";
        let mut zip = vec![
            0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        zip.extend((deflated.len() as u32).to_le_bytes());
        zip.extend((body.len() as u32).to_le_bytes());
        zip.extend((name.len() as u16).to_le_bytes());
        zip.extend(0u16.to_le_bytes());
        zip.extend(name);
        zip.extend(&deflated);
        let path = dir.path().join("a.CSV.zip");
        std::fs::write(&path, zip).unwrap();
        let mut s = String::new();
        open_input(path.to_str().unwrap())
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "x\ty\n");
    }

    /// Serves each canned response to one connection on 127.0.0.1, in order.
    fn serve(responses: Vec<Vec<u8>>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for response in responses {
                let (mut stream, _) = listener.accept().unwrap();
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let _ = stream.write_all(&response);
            }
        });
        format!("http://{addr}")
    }

    fn response(status: &str, body: &[u8], declared: usize) -> Vec<u8> {
        let mut r =
            format!("HTTP/1.1 {status}\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n")
                .into_bytes();
        r.extend_from_slice(body);
        r
    }

    #[test]
    fn urls_stream_and_fail_loudly() {
        let mut gz = Vec::new();
        let mut enc = flate2::write::GzEncoder::new(&mut gz, Default::default());
        enc.write_all(b"a\tb\n").unwrap();
        enc.finish().unwrap();
        let base = serve(vec![
            response("200 OK", &gz, gz.len()),
            response("404 Not Found", b"gone", 4),
            response("200 OK", b"a\tb\n", 100),
        ]);

        let mut s = String::new();
        open_input(&format!("{base}/20220224.export.CSV.gz"))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "a\tb\n");

        let missing = format!("{base}/missing.CSV");
        let err = open_input(&missing).err().expect("a 404 is an error");
        assert!(err.to_string().contains(&missing), "{err}");
        assert!(err.to_string().contains("404"), "{err}");

        // The server promised 100 bytes and sent 4: an error, not a short file.
        let mut s = String::new();
        let short = open_input(&format!("{base}/short.CSV"))
            .unwrap()
            .read_to_string(&mut s);
        assert!(short.is_err(), "read {s:?} without an error");
    }
}
