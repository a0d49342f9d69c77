//! dhcpd.leases → Kea memfile CSV (see migrate_leases).
