//! Password and PIN hashing with argon2id (OWASP parameters), off the async threads.

use crate::domain::account::Password;
use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn hasher() -> Argon2<'static> {
    // Params::default() is m=19 MiB, t=2, p=1: OWASP's recommended minimum for argon2id.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

pub async fn hash(password: &Password) -> Result<String, AppError> {
    hash_secret(password.expose().to_owned()).await
}

/// PINs are hashed like passwords: a copy of the database must not hand them out.
pub async fn hash_pin(pin: &crate::domain::pin::Pin) -> Result<String, AppError> {
    hash_secret(pin.expose().to_owned()).await
}

async fn hash_secret(secret: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher().hash_password(secret.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|err| {
        tracing::error!(error = %err, "password hashing failed");
        AppError::Internal
    })
}

/// A hash of a random string, so an unknown e-mail costs the same time as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        hasher().hash_password(b"no-such-user-dummy-password", &salt).map(|h| h.to_string()).unwrap_or_default()
    })
}

/// True when `candidate` matches `stored`. With no stored hash (unknown user) it still does the
/// full verification work against a dummy hash and answers false.
pub async fn verify(candidate: &str, stored: Option<String>) -> bool {
    let candidate = candidate.to_owned();
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            tracing::error!("stored password hash is malformed");
            return false;
        };
        let matches = hasher().verify_password(candidate.as_bytes(), &parsed).is_ok();
        known && matches
    })
    .await
    .unwrap_or(false)
}

/// Hash for the demo generator: the same secret for many accounts is hashed once and reused.
pub fn hash_blocking(secret: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher().hash_password(secret.as_bytes(), &salt).map(|h| h.to_string()).map_err(|_| AppError::Internal)
}

/// A password for an account made on the command line: 20 characters from an alphabet without
/// look-alikes (about 110 bits), read once from the terminal.
pub fn random_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..20).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

/// A hash no one knows the secret of: what an anonymised account keeps instead of its password,
/// so the column stays a valid hash and no credential ever matches it.
pub async fn unusable() -> Result<String, AppError> {
    hash_secret(crate::auth::token::session_key()).await
}
