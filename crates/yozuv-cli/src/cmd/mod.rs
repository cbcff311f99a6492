//! One module per subcommand.

pub mod convert;
pub mod dump;
pub mod normalize;
pub mod rules;
pub mod stats;
pub mod text;
pub mod udc;
pub mod validate;
