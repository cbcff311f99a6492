//! One module per subcommand.

pub mod convert;
pub mod dump;
pub mod rules;
pub mod stats;
pub mod udc;
pub mod validate;
pub mod normalize;
pub mod stats;
pub mod text;
