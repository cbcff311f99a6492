//! One module per subcommand.

pub mod dump;
pub mod normalize;
pub mod stats;
pub mod text;
