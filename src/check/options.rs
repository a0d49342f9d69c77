//! option-def and option-data at every scope, validated with the shared option codec.
use super::Ctx;
use crate::model::Dhcp;

pub fn check(_cx: &mut Ctx, _dhcp: &Dhcp) {}
