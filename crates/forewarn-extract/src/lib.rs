//! forewarn-extract: from a raw page to clean text, sentences, dates and quotes.
//!
//! The stage is pure text processing: no clock, no I/O. Nothing here returns an error or
//! panics on messy input; functions that can learn something went wrong return
//! [`Diagnostic`](forewarn_model::Diagnostic)s next to their result.
//!
//! * [`extract_html`] — main text and metadata from an HTML page (slideshows included);
//!   [`extract_html_bytes`] does the same for raw bytes, detecting the charset.
//! * [`clean_text`] — whitespace, paragraphs, slideshow layout and page furniture.
//! * [`clean_fragment`] / [`clean_inline`] — plain text from a field or feed item that may
//!   carry HTML (tags, entities, CDATA); plain text passes through borrowed.
//! * [`split_sentences`] — sentences with byte spans; paragraphs never merge.
//! * [`parse_date`] / [`find_dates`] — document dates and dates in running text.
//! * [`find_quotes`] — direct quotations and their speakers.
//!
//! ```
//! use chrono::NaiveDate;
//! use forewarn_extract::{clean_text, find_dates, find_quotes, split_sentences};
//!
//! let text = clean_text(
//!     "Border news\n\nTroops moved on December 29th.\n\n“We are ready,” said Olga Marin.\n\nAdvertisement",
//! );
//! let sentences = split_sentences(&text);
//! assert_eq!(sentences.len(), 3);
//!
//! let reference = NaiveDate::from_ymd_opt(2023, 1, 4).unwrap();
//! let dates = find_dates(&text, reference);
//! assert_eq!(dates[0].date, NaiveDate::from_ymd_opt(2022, 12, 29).unwrap());
//!
//! let quotes = find_quotes(&text, &sentences);
//! assert_eq!(quotes[0].speaker.as_deref(), Some("Olga Marin"));
//! assert_eq!(quotes[0].sentence_index, 2);
//! ```

mod charset;
mod clean;
mod dates;
mod dom;
mod fragment;
mod html;
mod quotes;
mod readable;
mod sentences;

pub use clean::clean_text;
pub use dates::{find_dates, parse_date};
pub use fragment::{clean_fragment, clean_inline, looks_like_markup};
pub use html::{Extracted, extract_html, extract_html_bytes};
pub use quotes::find_quotes;
pub use sentences::split_sentences;
