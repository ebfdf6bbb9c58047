//! Server-rendered pages. Each page is a function from its data to markup; all text comes from
//! the locale, all user text is escaped by maud and isolated with `dir="auto"`.

pub mod admin;
pub mod followup;
pub mod layout;
pub mod reporter;
pub mod staff;
