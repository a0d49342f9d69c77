# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_keakit_global_optspecs
    string join \n h/help V/version
end

function __fish_keakit_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_keakit_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_keakit_using_subcommand
    set -l cmd (__fish_keakit_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c keakit -n "__fish_keakit_needs_command" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_needs_command" -s V -l version -d 'Print version'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "check" -d 'Report every problem Kea would reject in a config file (like `kea-dhcp4 -t`, but all at once)'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "fmt" -d 'Rewrite a Kea config in canonical layout, keeping its comments'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "migrate" -d 'Convert an ISC dhcpd.conf into a Kea config, with a note at every spot not translated exactly'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "migrate-leases" -d 'Convert an ISC dhcpd.leases file into a Kea memfile lease file (CSV)'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keakit -n "__fish_keakit_using_subcommand check" -l daemon -d 'Which daemon reads the file [default: from the top-level key]' -r -f -a "dhcp4\t'kea-dhcp4 (`Dhcp4`)'
dhcp6\t'kea-dhcp6 (`Dhcp6`)'
ctrl-agent\t'kea-ctrl-agent (`Control-agent`)'
d2\t'kea-dhcp-ddns (`DhcpDdns`)'"
complete -c keakit -n "__fish_keakit_using_subcommand check" -l target-version -d 'Kea version whose syntax to check against' -r
complete -c keakit -n "__fish_keakit_using_subcommand check" -l format -d 'Output format' -r -f -a "text\t'Human-readable diagnostics with source excerpts'
json\t'One JSON document with every diagnostic'
short\t'One line per diagnostic: file:line:col: severity[code]: message'"
complete -c keakit -n "__fish_keakit_using_subcommand check" -s q -l quiet -d 'Do not show warnings, only errors'
complete -c keakit -n "__fish_keakit_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand fmt" -l check -d 'Do not write; show a diff and exit 1 if a file is not formatted'
complete -c keakit -n "__fish_keakit_using_subcommand fmt" -l write -d 'Rewrite the files in place (atomically, only when they change)'
complete -c keakit -n "__fish_keakit_using_subcommand fmt" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -s o -l output -d 'Where to write the Kea config ("-": stdout)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l target-version -d 'Kea version whose syntax to write' -r
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l hosts -d 'Where host reservations go' -r -f -a "global\t'Reservations at the global level (Kea looks them up in every subnet)'
subnet\t'Each reservation in the subnet that holds its fixed address'"
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l interface -d 'Interface Kea listens on (repeatable); default: the file\'s `interface` statements' -r
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l ddns-out -d 'Write the DhcpDdns (kea-dhcp-ddns) config made from the file\'s DDNS keys and zones here' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l format -d 'How to report notes' -r -f -a "text\t'A summary of notes by code on stderr'
json\t'Every note as JSON (on stdout when the config goes to a file, else on stderr)'"
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -s 4 -d 'DHCPv4 (default unless the file declares subnet6/range6)'
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -s 6 -d 'DHCPv6'
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l isc-defaults -d 'Write dhcpd\'s default lifetimes (default-lease-time 43200, max-lease-time 86400) where the file sets none'
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l resolve -d 'Resolve host names given where addresses are expected (else they are left out with a note)'
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -s o -l output -d 'Where to write the Kea memfile CSV ("-": stdout)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -l config -d 'The migrated Kea config: subnet ids are taken from it (else 0, with a count)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -l target-version -d 'Kea version whose lease file columns to write' -r
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -s 4 -d 'DHCPv4 leases (default)'
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -s 6 -d 'DHCPv6 leases (ia-na / ia-ta / ia-pd)'
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand completions" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt migrate migrate-leases completions help" -f -a "check" -d 'Report every problem Kea would reject in a config file (like `kea-dhcp4 -t`, but all at once)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt migrate migrate-leases completions help" -f -a "fmt" -d 'Rewrite a Kea config in canonical layout, keeping its comments'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt migrate migrate-leases completions help" -f -a "migrate" -d 'Convert an ISC dhcpd.conf into a Kea config, with a note at every spot not translated exactly'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt migrate migrate-leases completions help" -f -a "migrate-leases" -d 'Convert an ISC dhcpd.leases file into a Kea memfile lease file (CSV)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt migrate migrate-leases completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt migrate migrate-leases completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
