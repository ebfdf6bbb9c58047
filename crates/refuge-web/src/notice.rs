//! A notice for the page after a redirect (POST/redirect/GET), carried in a cookie that the
//! next page reads and clears: "your message was sent" without a trace in the URL or history.
//! It holds a code, never anything the user wrote.

use axum::http::HeaderMap;
use axum::response::Response;

use crate::WebConfig;
use crate::i18n::Locale;
use crate::session::{self, Cookie};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    MessageSent,
    MessageHidden,
    FilesAdded,
    /// Text changed after sending was added to the report as a message.
    AdditionSent,
    /// The reporter closed the receipt window.
    ReceiptHidden,
    /// The reporter changed their consent.
    ConsentSaved,
}

impl Notice {
    const ALL: &'static [Notice] = &[
        Notice::MessageSent,
        Notice::MessageHidden,
        Notice::FilesAdded,
        Notice::AdditionSent,
        Notice::ReceiptHidden,
        Notice::ConsentSaved,
    ];

    fn code(self) -> &'static str {
        match self {
            Notice::MessageSent => "sent",
            Notice::MessageHidden => "hidden",
            Notice::FilesAdded => "files",
            Notice::AdditionSent => "addition",
            Notice::ReceiptHidden => "receipt-hidden",
            Notice::ConsentSaved => "consent",
        }
    }

    /// The notice in `locale`.
    pub fn text(self, locale: Locale) -> String {
        locale.t(match self {
            Notice::MessageSent => "followup-sent",
            Notice::MessageHidden => "followup-hidden",
            Notice::FilesAdded => "followup-files-added",
            Notice::AdditionSent => "addition-sent",
            Notice::ReceiptHidden => "receipt-hidden",
            Notice::ConsentSaved => "followup-consent-saved",
        })
    }
}

/// Sets `notice` for the next page.
pub fn leave(response: &mut Response, config: &WebConfig, notice: Notice) {
    session::append(
        response,
        session::set_cookie(config, Cookie::Notice, notice.code()),
    );
}

/// The notice left for this page, if any.
pub fn take(headers: &HeaderMap, config: &WebConfig) -> Option<Notice> {
    let code = session::read(headers, config, Cookie::Notice)?;
    Notice::ALL.iter().copied().find(|n| n.code() == code)
}

/// Clears the notice once shown (call on the response of a page that took one).
pub fn clear(response: &mut Response, config: &WebConfig) {
    session::append(response, session::clear_cookie(config, Cookie::Notice));
}
