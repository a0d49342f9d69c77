fn main() {
    std::process::exit(keakit::cli::main());
}
