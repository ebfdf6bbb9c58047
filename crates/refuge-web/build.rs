//! The Fluent files are read at compile time by `fluent_templates::static_loader!`, which Cargo
//! does not know about: without this, an edited `.ftl` file would leave a stale build behind.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
