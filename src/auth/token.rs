//! Single-use tokens for e-mailed links: 32 random bytes, sent as URL-safe base64, stored only as
//! their SHA-256, so a copy of the database opens no account; and cohort sign-in codes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new token: what goes in the link, and what is stored.
pub fn issue() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = digest(&token);
    (token, hash)
}

/// The stored form of a token from a link; anything that is not one of ours hashes to a value no
/// row holds.
pub fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

/// A random key for a signed-in session's row (see `server/db/sessions.rs`).
pub fn session_key() -> String {
    issue().0
}

/// A new cohort sign-in code, each character drawn uniformly from the code alphabet.
pub fn cohort_code() -> crate::domain::pin::CohortCode {
    use crate::domain::pin::{CODE_ALPHABET, CODE_LEN, CohortCode};
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    CohortCode::from_indexes(std::array::from_fn::<u8, CODE_LEN, _>(|_| rng.gen_range(0..CODE_ALPHABET.len() as u8)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_only_as_hashes() {
        let (a, hash_a) = issue();
        let (b, _) = issue();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(hash_a.len(), 32);
        assert_eq!(digest(&a), hash_a);
        assert_ne!(digest(&b), hash_a);
    }
}
