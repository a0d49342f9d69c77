//! Every lint rule, one file each; `ALL` is the registry (in `--list` order).

pub mod ca_missing_control_sockets;
pub mod class_used_before_defined;
pub mod credentials_over_http;
pub mod custom_option_never_sent;
pub mod ddns_without_d2;
pub mod deprecated_key;
pub mod dispensable_shared_network;
pub mod dispensable_subnet;
pub mod duplicate_reservation;
pub mod empty_pool;
pub mod expression_always_false;
pub mod ha_dedicated_ports;
pub mod ha_mt_mismatch;
pub mod host_cmds_missing;
pub mod hostname_without_qualifying_suffix;
pub mod lease_cmds_missing;
pub mod lfc_disabled;
pub mod lifetime_bounds;
pub mod logger_severity_unknown;
pub mod memfile_not_persistent;
pub mod mt_queue_control;
pub mod no_interfaces;
pub mod non_canonical_prefix;
pub mod option_overridden;
pub mod overlapping_subnets;
pub mod pd_pool_exhausted_by_reservations;
pub mod plaintext_password;
pub mod pool_exhausted_by_reservations;
pub mod pool_includes_network_address;
pub mod pool_utilization_risk;
pub mod relay_address_mismatch;
pub mod reservation_in_pool;
pub mod reservations_out_of_pool_hint;
pub mod router_outside_subnet;
pub mod statistics_overflow;
pub mod subnet_cmds_with_config_backend;
pub mod subnet_without_id;
pub mod timer_order;
pub mod undefined_class;
pub mod unused_class;
pub mod unused_option_def;

use super::Rule;

pub static ALL: &[&Rule] = &[
    &ca_missing_control_sockets::RULE,
    &class_used_before_defined::RULE,
    &credentials_over_http::RULE,
    &custom_option_never_sent::RULE,
    &ddns_without_d2::RULE,
    &deprecated_key::RULE,
    &dispensable_shared_network::RULE,
    &dispensable_subnet::RULE,
    &duplicate_reservation::RULE,
    &empty_pool::RULE,
    &expression_always_false::RULE,
    &ha_dedicated_ports::RULE,
    &ha_mt_mismatch::RULE,
    &host_cmds_missing::RULE,
    &hostname_without_qualifying_suffix::RULE,
    &lease_cmds_missing::RULE,
    &lfc_disabled::RULE,
    &lifetime_bounds::RULE,
    &logger_severity_unknown::RULE,
    &memfile_not_persistent::RULE,
    &mt_queue_control::RULE,
    &no_interfaces::RULE,
    &non_canonical_prefix::RULE,
    &option_overridden::RULE,
    &overlapping_subnets::RULE,
    &pd_pool_exhausted_by_reservations::RULE,
    &plaintext_password::RULE,
    &pool_exhausted_by_reservations::RULE,
    &pool_includes_network_address::RULE,
    &pool_utilization_risk::RULE,
    &relay_address_mismatch::RULE,
    &reservation_in_pool::RULE,
    &reservations_out_of_pool_hint::RULE,
    &router_outside_subnet::RULE,
    &statistics_overflow::RULE,
    &subnet_cmds_with_config_backend::RULE,
    &subnet_without_id::RULE,
    &timer_order::RULE,
    &undefined_class::RULE,
    &unused_class::RULE,
    &unused_option_def::RULE,
];
