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
complete -c keakit -n "__fish_keakit_needs_command" -f -a "diff" -d 'Semantic differences between two Kea configs (files or `live`); exit 1 when they differ'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "config-get" -d 'Fetch the running config (no hash, no result wrapper: a file Kea can start from)'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "config-set" -d 'Check a config locally, then make it the running config'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "config-test" -d 'Ask the server whether it would accept a config (after a local check)'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "config-write" -d 'Make the server write its running config to disk'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "config-reload" -d 'Make the server re-read its config file'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "list-commands" -d 'List the commands the server supports'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "version-get" -d 'Show the server\'s version'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "status-get" -d 'Show the server\'s status (pid, uptime, reload time)'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "build-report" -d 'Show how the server was built'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "shutdown" -d 'Stop the server'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "cmd" -d 'Send any command: keakit cmd lease4-add --args \'{ip-address: "10.0.0.5", …}\''
complete -c keakit -n "__fish_keakit_needs_command" -f -a "lease" -d 'Leases through the lease_cmds hook: get, list, del'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "stats" -d 'Statistics as a table (all, or one by name)'
complete -c keakit -n "__fish_keakit_needs_command" -f -a "config" -d 'Edit the running config: $EDITOR, check, diff, confirm, config-set'
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
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l daemon -d 'Which daemon reads the file [default: from the top-level key]' -r -f -a "dhcp4\t'kea-dhcp4 (`Dhcp4`)'
dhcp6\t'kea-dhcp6 (`Dhcp6`)'
ctrl-agent\t'kea-ctrl-agent (`Control-agent`)'
d2\t'kea-dhcp-ddns (`DhcpDdns`)'"
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l target-version -d 'Kea version to lint for (deprecations, defaults such as multi-threading) [default: 3.0; with --live, the server\'s own release (version-get)]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l format -d 'Output format' -r -f -a "text\t'Findings with source excerpts, like rustc/clippy'
json\t'One JSON document with every finding'
short\t'One line per finding: file:line:col: severity[rule]: message'
github\t'GitHub Actions workflow annotations (::warning file=...,line=...,col=...)'
sarif\t'SARIF 2.1.0 (GitHub code scanning and other CI dashboards)'"
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l deny -d '`warnings`: fail (exit 1) on warnings too; RULE: make that rule an error' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l allow -d 'Turn a rule off' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l warn -d 'Report a rule as a warning' -r
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l live -d 'Also lint the running server\'s config (config-get over --socket, --url or --server)'
complete -c keakit -n "__fish_keakit_using_subcommand lint" -l list -d 'List the rules (with --format json: as JSON) instead of linting'
complete -c keakit -n "__fish_keakit_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand explain" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand serve" -s c -l config -d 'The Kea config file (the one kea-dhcp4 -c reads)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand serve" -s p -l port -d 'UDP port to listen on (clients are answered on port+1, as `kea-dhcp4 -p`)' -r
complete -c keakit -n "__fish_keakit_using_subcommand serve" -l lease-file -d 'Lease file (overrides lease-database.name)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand serve" -s f -l foreground -d 'Stay in the foreground (the only mode: keakit does not daemonize; accepted for Kea habits)'
complete -c keakit -n "__fish_keakit_using_subcommand serve" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l text -d 'A unified diff of both canonical forms instead of the semantic list'
complete -c keakit -n "__fish_keakit_using_subcommand diff" -l all -d 'Also report keys added or removed with an empty value ([], {}, "")'
complete -c keakit -n "__fish_keakit_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -s o -l output -d 'Write it to FILE (atomically) instead of stdout' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand config-get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l target-version -d 'Kea version to check against [default: the server\'s (version-get), else 3.0]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -l no-check -d 'Send it without checking it locally first'
complete -c keakit -n "__fish_keakit_using_subcommand config-set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l target-version -d 'Kea version to check against [default: the server\'s (version-get), else 3.0]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -l no-check -d 'Send it without checking it locally first'
complete -c keakit -n "__fish_keakit_using_subcommand config-test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l filename -d 'File to write on the server\'s host [default: the file it started from]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand config-write" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand config-reload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand list-commands" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand version-get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand status-get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand build-report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand shutdown" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l args -d 'Arguments as JSON or JSON5, or @FILE to read them from a file' -r
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand cmd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and not __fish_seen_subcommand_from get list del help" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and not __fish_seen_subcommand_from get list del help" -f -a "get" -d 'Show the lease of an address'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and not __fish_seen_subcommand_from get list del help" -f -a "list" -d 'List leases (all, or of one subnet) as a table'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and not __fish_seen_subcommand_from get list del help" -f -a "del" -d 'Delete the lease of an address'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and not __fish_seen_subcommand_from get list del help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l subnet -d 'Only this subnet id' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -s 6 -l v6 -d 'DHCPv6 leases (default: v4, or v6 when --service dhcp6)'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from del" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show the lease of an address'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "list" -d 'List leases (all, or of one subnet) as a table'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "del" -d 'Delete the lease of an address'
complete -c keakit -n "__fish_keakit_using_subcommand lease; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand stats" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand config; and not __fish_seen_subcommand_from edit help" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand config; and not __fish_seen_subcommand_from edit help" -f -a "edit" -d 'Fetch the running config (or --file), edit, check, show the diff, confirm, set'
complete -c keakit -n "__fish_keakit_using_subcommand config; and not __fish_seen_subcommand_from edit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l file -d 'Start from this file instead of the live config (comments kept; saved back after a successful set)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l target-version -d 'Kea version to check against [default: the server\'s (version-get), else 3.0]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l server -d 'Named connection from ~/.config/keakit/config.toml [default: its `default`]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l socket -d 'Unix control socket of kea-dhcp4/kea-dhcp6/kea-dhcp-ddns' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l url -d 'kea-ctrl-agent or Kea 3 HTTP control socket: http(s)://HOST:PORT/' -r
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l service -d 'Daemon the agent forwards to' -r -f -a "dhcp4\t''
dhcp6\t''
d2\t''"
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l user -d 'Basic-auth user (password from --password-file or KEAKIT_PASSWORD)' -r
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l password-file -d 'File holding the basic-auth password (first line)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l ca -d 'CA certificate (PEM) that signed the server\'s certificate' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l cert -d 'Client certificate (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l key -d 'Client private key (PEM) for mutual TLS' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l timeout -d 'Seconds to wait for an answer [default: 10]' -r
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l format -d 'Output format' -r -f -a "text\t'Pretty JSON, or a table where a person reads (stats, lease list)'
json\t'Compact JSON on one line'"
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -l write -d 'After config-set, make the server write its config file (config-write)'
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -s y -l yes -d 'Do not ask before config-set'
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Fetch the running config (or --file), edit, check, show the diff, confirm, set'
complete -c keakit -n "__fish_keakit_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l isc-defaults -d 'Write dhcpd\'s defaults where the file sets none: lifetimes (default-lease-time 43200, max-lease-time 86400) and, for DHCPv4, echo-client-id false'
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -l resolve -d 'Resolve host names given where addresses are expected (else they are left out with a note)'
complete -c keakit -n "__fish_keakit_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -s o -l output -d 'Where to write the Kea memfile CSV ("-": stdout)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -l config -d 'The migrated Kea config: subnet ids are taken from it (else 0, with a count)' -r -F
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -l target-version -d 'Kea version whose lease file columns to write' -r
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -s 4 -d 'DHCPv4 leases (default)'
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -s 6 -d 'DHCPv6 leases (ia-na / ia-ta / ia-pd)'
complete -c keakit -n "__fish_keakit_using_subcommand migrate-leases" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand completions" -s h -l help -d 'Print help'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "check" -d 'Report every problem Kea would reject in a config file (like `kea-dhcp4 -t`, but all at once)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "fmt" -d 'Rewrite a Kea config in canonical layout, keeping its comments'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "lint" -d 'Report what Kea accepts but bites in production (check first, then the lint rules)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "explain" -d 'Explain a lint rule, with a bad and a good example'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "serve" -d 'Serve DHCPv4 from a Kea Dhcp4 config, with Kea\'s lease file and control API'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "diff" -d 'Semantic differences between two Kea configs (files or `live`); exit 1 when they differ'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "config-get" -d 'Fetch the running config (no hash, no result wrapper: a file Kea can start from)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "config-set" -d 'Check a config locally, then make it the running config'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "config-test" -d 'Ask the server whether it would accept a config (after a local check)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "config-write" -d 'Make the server write its running config to disk'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "config-reload" -d 'Make the server re-read its config file'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "list-commands" -d 'List the commands the server supports'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "version-get" -d 'Show the server\'s version'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "status-get" -d 'Show the server\'s status (pid, uptime, reload time)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "build-report" -d 'Show how the server was built'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "shutdown" -d 'Stop the server'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "cmd" -d 'Send any command: keakit cmd lease4-add --args \'{ip-address: "10.0.0.5", …}\''
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "lease" -d 'Leases through the lease_cmds hook: get, list, del'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "stats" -d 'Statistics as a table (all, or one by name)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "config" -d 'Edit the running config: $EDITOR, check, diff, confirm, config-set'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "migrate" -d 'Convert an ISC dhcpd.conf into a Kea config, with a note at every spot not translated exactly'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "migrate-leases" -d 'Convert an ISC dhcpd.leases file into a Kea memfile lease file (CSV)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c keakit -n "__fish_keakit_using_subcommand help; and not __fish_seen_subcommand_from check fmt lint explain serve diff config-get config-set config-test config-write config-reload list-commands version-get status-get build-report shutdown cmd lease stats config migrate migrate-leases completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c keakit -n "__fish_keakit_using_subcommand help; and __fish_seen_subcommand_from lease" -f -a "get" -d 'Show the lease of an address'
complete -c keakit -n "__fish_keakit_using_subcommand help; and __fish_seen_subcommand_from lease" -f -a "list" -d 'List leases (all, or of one subnet) as a table'
complete -c keakit -n "__fish_keakit_using_subcommand help; and __fish_seen_subcommand_from lease" -f -a "del" -d 'Delete the lease of an address'
complete -c keakit -n "__fish_keakit_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "edit" -d 'Fetch the running config (or --file), edit, check, show the diff, confirm, set'
