//! Client classes: names, test expressions, references.
use super::Ctx;
use crate::model::Dhcp;

pub fn check(_cx: &mut Ctx, _dhcp: &Dhcp) {}
