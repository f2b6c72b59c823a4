//! Bearer tokens for the write endpoints. The store keeps only the SHA-256 of a token: tokens
//! are 256 random bits, so a plain hash cannot be brute-forced and needs no salt.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use forewarn_store::Store;
use forewarn_store::alerts::ApiToken;
use sha2::{Digest, Sha256};

use crate::{ApiError, AppState};

/// Every token starts with this, so a leaked one is easy to grep for.
pub const TOKEN_PREFIX: &str = "fw_";

/// Makes a new token, stores its hash under `name`, and returns the token (shown once).
pub fn create_token(store: &mut Store, name: &str, now: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    let token = format!("{TOKEN_PREFIX}{}", hex(&bytes));
    store.add_token(name, &hash_token(&token), now)?;
    Ok(token)
}

/// Hex SHA-256 of the token as sent.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Extracting this proves the request carried a valid `Authorization: Bearer` token.
#[derive(Debug, Clone)]
pub struct Writer(pub ApiToken);

impl FromRequestParts<AppState> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| ApiError::unauthorized("this endpoint needs `Authorization: Bearer TOKEN` (make one with `forewarn token create`)"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("the Authorization header must be `Bearer TOKEN`")
            })?;
        let hash = hash_token(token);
        let found = state
            .read(move |store| Ok(store.token_by_hash(&hash)?))
            .await?;
        match found {
            Some(token) => Ok(Writer(token)),
            None => Err(ApiError::unauthorized("unknown token")),
        }
    }
}
