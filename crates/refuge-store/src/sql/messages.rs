//! The conversation between caseworkers and a reporter.

use async_trait::async_trait;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{
    AuditEntry, MessageAuthor, MessageStore, NewMessage, ReporterMessageCounts, StoreError,
    StoreResult, StoredMessage,
};
use refuge_domain::{MessageId, ReportId, StaffId};

use super::{Pool, SqlStore, decoded, failure};

named_row!(MessageRow {
    id: Vec<u8>,
    author: Option<Vec<u8>>,
    from_reporter: bool,
    sent_day: i64,
    ciphertext: Vec<u8>,
    hidden_from_reporter: bool,
});

impl MessageRow {
    fn message(self) -> StoreResult<StoredMessage> {
        let author = match (self.from_reporter, self.author) {
            (true, _) => MessageAuthor::Reporter,
            (false, Some(staff)) => MessageAuthor::Staff(decoded(
                StaffId::from_slice(&staff),
                "report_messages.author",
            )?),
            (false, None) => return Err(super::corrupt("report_messages.author")),
        };
        Ok(StoredMessage {
            id: decoded(MessageId::from_slice(&self.id), "report_messages.id")?,
            author,
            sent: Day(self.sent_day),
            ciphertext: self.ciphertext,
            hidden_from_reporter: self.hidden_from_reporter,
        })
    }
}

named_row!(CountsRow {
    total: i64,
    on_day: Option<i64>,
});

#[async_trait]
impl MessageStore for SqlStore {
    async fn insert_message(
        &self,
        message: &NewMessage,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<()> {
        let (author, from_reporter) = match message.author {
            MessageAuthor::Reporter => (None, true),
            MessageAuthor::Staff(id) => (Some(id.as_bytes().to_vec()), false),
        };
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO report_messages (id, report_id, author, from_reporter, sent_day, ciphertext, hidden_from_reporter) \
                 VALUES ($1, $2, $3, $4, $5, $6, FALSE)",
            )
            .bind(message.id.as_bytes().as_slice())
            .bind(message.report_id.as_bytes().as_slice())
            .bind(&author)
            .bind(from_reporter)
            .bind(message.sent.0)
            .bind(&message.ciphertext)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            // The case's last activity is the message's day; a reporter's is also news.
            sqlx::query(
                "UPDATE reports SET activity_day = $2, content_version = content_version + 1, \
                 unread_activity = (unread_activity OR $3) WHERE id = $1",
            )
            .bind(message.report_id.as_bytes().as_slice())
            .bind(message.sent.0)
            .bind(from_reporter)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if let Some(audit) = audit {
                insert_audit!(&mut *tx, audit);
            }
            tx.commit().await.map_err(failure)
        })
    }

    async fn messages(&self, report: ReportId) -> StoreResult<Vec<StoredMessage>> {
        self.message_page(report, false, 0, i64::MAX).await
    }

    async fn message_count(&self, report: ReportId, reporter_view: bool) -> StoreResult<i64> {
        on_pool!(self, |pool| {
            let (count,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM report_messages \
                 WHERE report_id = $1 AND (hidden_from_reporter = FALSE OR $2 = FALSE)",
            )
            .bind(report.as_bytes().as_slice())
            .bind(reporter_view)
            .fetch_one(pool)
            .await
            .map_err(failure)?;
            Ok(count)
        })
    }

    async fn message_page(
        &self,
        report: ReportId,
        reporter_view: bool,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<StoredMessage>> {
        on_pool!(self, |pool| {
            let rows: Vec<MessageRow> = sqlx::query_as(
                "SELECT id, author, from_reporter, sent_day, ciphertext, hidden_from_reporter \
                 FROM report_messages \
                 WHERE report_id = $1 AND (hidden_from_reporter = FALSE OR $2 = FALSE) \
                 ORDER BY seq LIMIT $3 OFFSET $4",
            )
            .bind(report.as_bytes().as_slice())
            .bind(reporter_view)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter().map(MessageRow::message).collect()
        })
    }

    async fn reporter_message_counts(
        &self,
        report: ReportId,
        day: Day,
    ) -> StoreResult<ReporterMessageCounts> {
        on_pool!(self, |pool| {
            let row: CountsRow = sqlx::query_as(
                "SELECT COUNT(*) AS total, \
                 CAST(SUM(CASE WHEN sent_day = $2 THEN 1 ELSE 0 END) AS BIGINT) AS on_day \
                 FROM report_messages WHERE report_id = $1 AND from_reporter = TRUE",
            )
            .bind(report.as_bytes().as_slice())
            .bind(day.0)
            .fetch_one(pool)
            .await
            .map_err(failure)?;
            Ok(ReporterMessageCounts {
                total: row.total,
                on_day: row.on_day.unwrap_or(0),
            })
        })
    }

    async fn hide_message_from_reporter(
        &self,
        report: ReportId,
        message: MessageId,
        resealed: &[u8],
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let done = sqlx::query(
                "UPDATE report_messages SET hidden_from_reporter = TRUE, ciphertext = $3 \
                 WHERE id = $1 AND report_id = $2",
            )
            .bind(message.as_bytes().as_slice())
            .bind(report.as_bytes().as_slice())
            .bind(resealed)
            .execute(pool)
            .await
            .map_err(failure)?;
            if done.rows_affected() == 1 {
                Ok(())
            } else {
                Err(StoreError::NotFound)
            }
        })
    }

    async fn reseal_hidden_message(
        &self,
        report: ReportId,
        message: MessageId,
        resealed: &[u8],
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let done = sqlx::query(
                "UPDATE report_messages SET ciphertext = $3 \
                 WHERE id = $1 AND report_id = $2 AND hidden_from_reporter = TRUE",
            )
            .bind(message.as_bytes().as_slice())
            .bind(report.as_bytes().as_slice())
            .bind(resealed)
            .execute(pool)
            .await
            .map_err(failure)?;
            if done.rows_affected() == 1 {
                Ok(())
            } else {
                Err(StoreError::NotFound)
            }
        })
    }
}
