//! Getting digests: from Hugging Face's Daily Papers and from places that publish digests.

pub mod address;
