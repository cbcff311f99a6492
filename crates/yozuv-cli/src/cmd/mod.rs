//! One module per subcommand.

pub mod dump;
pub mod stats;
pub mod normalize;
pub mod text;
