//! Static files compiled into the binary: our CSS and JS, and the vendored libraries (see
//! `assets/README.md` for their licences). No CDN and no Node step at build or run time.

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::{ApiError, AppState};

/// `(path under /assets/, content type, bytes)`.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "uplot/uPlot.iife.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/uplot/uPlot.iife.min.js"),
    ),
    (
        "uplot/uPlot.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/uplot/uPlot.min.css"),
    ),
    (
        "d3/d3-array.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/d3/d3-array.min.js"),
    ),
    (
        "d3/d3-geo.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/d3/d3-geo.min.js"),
    ),
    (
        "topojson/topojson-client.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/topojson/topojson-client.min.js"),
    ),
    (
        "world-atlas/countries-110m.json",
        "application/json",
        include_bytes!("../assets/world-atlas/countries-110m.json"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/assets/{*path}", get(asset))
}

async fn asset(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|(p, _, _)| *p == path) {
        // Assets change only with the binary; a day of caching spares the watch floor's
        // refreshes without pinning an old build for long.
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *bytes,
        )
            .into_response(),
        None => ApiError::not_found(format!("no asset {path}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_vendored_library_keeps_its_licence() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        for licence in [
            "uplot/LICENSE",
            "d3/LICENSE-d3-geo",
            "d3/LICENSE-d3-array",
            "topojson/LICENSE",
            "world-atlas/LICENSE",
        ] {
            assert!(dir.join(licence).is_file(), "missing {licence}");
        }
    }
}
