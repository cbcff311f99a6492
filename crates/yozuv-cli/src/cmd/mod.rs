//! One module per subcommand.

pub mod dump;
pub mod stats;
pub mod udc;
