//! One module per subcommand.

pub mod convert;
pub mod dump;
pub mod stats;
pub mod udc;
