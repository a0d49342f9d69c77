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
complete -c keakit -n "__fish_keakit_needs_command" -f -a "lint" -d 'Report what Kea accepts but bites in production (check first, then the lint rules)'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "explain" -d 'Explain a lint rule, with a bad and a good example'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "serve" -d 'Serve DHCPv4 from a Kea Dhcp4 config, with Kea\'s lease file and control API'
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
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l daemon -d 'Which daemon reads the file [default: from the top-level key]' -r -f -a "dhcp4\t'kea-dhcp4 (`Dhcp4`)'
dhcp6\t'kea-dhcp6 (`Dhcp6`)'
ctrl-agent\t'kea-ctrl-agent (`Control-agent`)'
d2\t'kea-dhcp-ddns (`DhcpDdns`)'"
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l target-version -d 'Kea version to lint for (deprecations, defaults such as multi-threading)' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l format -d 'Output format' -r -f -a "text\t'Findings with source excerpts, like rustc/clippy'
json\t'One JSON document with every finding'
short\t'One line per finding: file:line:col: severity[rule]: message'
github\t'GitHub Actions workflow annotations (::warning file=...,line=...,col=...)'
sarif\t'SARIF 2.1.0 (GitHub code scanning and other CI dashboards)'"
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l deny -d '`warnings`: fail (exit 1) on warnings too; RULE: make that rule an error' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l allow -d 'Turn a rule off' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l warn -d 'Report a rule as a warning' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l list -d 'List the rules (with --format json: as JSON) instead of linting'
complete -c keakit -n "__fish_keakit_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand explain" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand serve" -s c -l config -d 'The Kea config file (the one kea-dhcp4 -c reads)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand serve" -s p -l port -d 'UDP port to listen on (clients are answered on port+1, as `kea-dhcp4 -p`)' -r
complete -c keakit -n "__fish_keakit_using_subcommand serve" -l lease-file -d 'Lease file (overrides lease-database.name)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand serve" -s f -l foreground -d 'Stay in the foreground (the only mode: keakit does not daemonize; accepted for Kea habits)'
complete -c keakit -n "__fish_keakit_using_subcommand serve" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand completions" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve completions help" -f -a "check" -d 'Report every problem Kea would reject in a config file (like `kea-dhcp4 -t`, but all at once)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve completions help" -f -a "fmt" -d 'Rewrite a Kea config in canonical layout, keeping its comments'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve completions help" -f -a "lint" -d 'Report what Kea accepts but bites in production (check first, then the lint rules)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve completions help" -f -a "explain" -d 'Explain a lint rule, with a bad and a good example'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve completions help" -f -a "serve" -d 'Serve DHCPv4 from a Kea Dhcp4 config, with Kea\'s lease file and control API'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
