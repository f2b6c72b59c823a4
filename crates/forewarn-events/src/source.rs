//! Opening an input as a stream of bytes: a plain file, `.gz`, `.zip` (first entry, read
//! straight from the stream without seeking), or an `http(s)://` URL fetched by the system's
//! `curl` as a stream, so a URL costs no more memory than a file.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, Stdio};

use flate2::bufread::{DeflateDecoder, MultiGzDecoder};

const BUF: usize = 256 * 1024;

/// Opens `spec` (a path or URL) and undoes `.gz` / `.zip` compression, judged by the name.
pub fn open_input(spec: &str) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if is_url(spec) {
        Box::new(CurlReader::spawn(spec)?)
    } else {
        Box::new(File::open(spec).map_err(|e| io::Error::new(e.kind(), format!("{spec}: {e}")))?)
    };
    let buffered = BufReader::with_capacity(BUF, raw);
    let lower = spec.to_ascii_lowercase();
    Ok(if lower.ends_with(".gz") {
        Box::new(BufReader::with_capacity(BUF, MultiGzDecoder::new(buffered)))
    } else if lower.ends_with(".zip") {
        Box::new(BufReader::with_capacity(BUF, zip_first_entry(buffered)?))
    } else {
        Box::new(buffered)
    })
}

pub fn is_url(spec: &str) -> bool {
    spec.starts_with("http://") || spec.starts_with("https://")
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

/// `curl -sfL URL` as a reader; a failed download surfaces as an error at the end of the
/// stream instead of a silently short file.
struct CurlReader {
    child: Child,
    stdout: ChildStdout,
    url: String,
}

impl CurlReader {
    fn spawn(url: &str) -> io::Result<CurlReader> {
        let mut child = Command::new("curl")
            .args(["-sfL", "--retry", "2", url])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                io::Error::new(e.kind(), format!("cannot run curl to fetch {url}: {e}"))
            })?;
        let stdout = child.stdout.take().expect("piped stdout");
        Ok(CurlReader {
            child,
            stdout,
            url: url.to_string(),
        })
    }
}

impl Read for CurlReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.stdout.read(buf)?;
        if n == 0 && !buf.is_empty() {
            let status = self.child.wait()?;
            if !status.success() {
                return Err(io::Error::other(format!(
                    "download of {} failed ({status})",
                    self.url
                )));
            }
        }
        Ok(n)
    }
}

impl Drop for CurlReader {
    fn drop(&mut self) {
        // Stopping early (an error in the data) must not leave curl running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
}
