//! One module per subcommand.

pub mod dump;
pub mod rules;
pub mod stats;
pub mod validate;
