//! Staff accounts, first-run setup, login and sessions.
//!
//! SECURITY: a staff member's age identity exists on disk only wrapped under their password. At
//! login it is re-sealed under a fresh random session key that only the session cookie (or API
//! token) carries; the database keeps the sealed copy. So a session works on any app server, and
//! neither the database nor the cookie alone can decrypt anything.

use refuge_crypto::{StaffIdentity, kdf, random, seal};
use refuge_domain::ports::{AuditEntry, Invitation, SessionRecord, StaffRecord, StoreError};
use refuge_domain::staff::{self, Role};
use refuge_domain::{AuditAction, Permission, StaffId};

use crate::forms::{FormPurpose, FormToken};
use crate::sessions::{SESSION_IDENTITY_CONTEXT, StaffSession, session_id_hash};
use crate::work::Lane;
use crate::{AppError, Refuge};

/// Consecutive failures allowed before a delay is imposed on that username.
const FREE_FAILURES: i64 = 5;
const MAX_DELAY_SECONDS: i64 = 900;
const SETUP_TOKEN_LIFETIME_SECONDS: i64 = 7 * 86_400;
/// How long an invitation link works (security review M7).
pub const INVITATION_LIFETIME_SECONDS: i64 = 72 * 3_600;

fn invitation_hash(token: &str) -> [u8; 32] {
    random::sha256(&[b"refuge invitation v1", token.as_bytes()])
}
/// Tries at counting one attempt when others race for the same key.
const RESERVE_ATTEMPTS: usize = 8;

/// What the client keeps: `hex(session id ‖ session key)`. Shown once, never stored. And a
/// known-device token for the browser to keep (see `log_in`).
pub struct NewSession {
    pub token: String,
    pub staff: StaffRecord,
    pub device_token: String,
}

/// A staff session about to be stored: its id and key (the token), its row and audit row.
pub(crate) struct SessionOpening {
    id: [u8; 16],
    key: zeroize::Zeroizing<[u8; 32]>,
    pub(crate) record: SessionRecord,
    pub(crate) audit: AuditEntry,
}

impl SessionOpening {
    pub(crate) fn id_hash(&self) -> [u8; 32] {
        session_id_hash(&self.id)
    }
}

/// The first administrator, signed in, and the organisation's recovery key to show once.
pub struct SetUp {
    pub session: NewSession,
    pub recovery: crate::teams::NewRecoveryKey,
}

/// What an administrator does to a colleague's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    Disable,
    Enable,
}

pub struct NewAccount {
    pub username: String,
    pub password: String,
    pub role: Role,
}

fn username_throttle_key(username: &str) -> [u8; 32] {
    random::sha256(&[
        b"refuge login throttle v1",
        username.trim().to_lowercase().as_bytes(),
    ])
}

/// Delay owed after `failures` consecutive failures: none for the first five, then one minute
/// doubling to fifteen. Per username only, so nobody can lock out everyone.
pub fn throttle_delay(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(10) as u32;
    (60i64 << doublings).min(MAX_DELAY_SECONDS)
}

impl Refuge {
    /// Counts a sign-in attempt on `key` before its password is checked: `Throttled` while
    /// the key still owes a delay. The count is a compare-and-swap in the database, so parallel
    /// attempts cannot all pass one check (security review M4); a success clears it.
    async fn reserve_attempt(&self, key: &[u8], now: i64) -> Result<(), AppError> {
        for _ in 0..RESERVE_ATTEMPTS {
            let throttle = self.store.login_throttle(key).await?;
            let wait = throttle.last_failure_at + throttle_delay(throttle.failures) - now;
            if wait > 0 {
                return Err(AppError::Throttled {
                    retry_after_seconds: wait,
                });
            }
            if self.store.claim_login_attempt(key, throttle, now).await? {
                return Ok(());
            }
        }
        // Others kept winning the race for this key: it is under attack; wait a moment.
        Err(AppError::Throttled {
            retry_after_seconds: 1,
        })
    }

    /// A token for this browser, once it has signed in as `username`: later attempts from it
    /// are counted apart from everyone else's, so failures by someone who only knows the
    /// username cannot lock its owner out (security review L6).
    fn known_device_token(&self, username: &str) -> String {
        let nonce = random::bytes::<16>();
        let tag = self.device_tag(username, &nonce);
        let mut token = nonce.to_vec();
        token.extend_from_slice(&tag);
        hex::encode(token)
    }

    fn device_tag(&self, username: &str, nonce: &[u8]) -> [u8; 16] {
        let mut input = b"refuge known device v1\0".to_vec();
        input.extend_from_slice(username.trim().to_lowercase().as_bytes());
        input.push(0);
        input.extend_from_slice(nonce);
        let mac = random::mac(&self.secrets.form_key, &input);
        let mut tag = [0u8; 16];
        tag.copy_from_slice(&mac[..16]);
        tag
    }

    /// The throttle key of an attempt — the username's, or this known device's for it — and
    /// the lane its key derivation waits in.
    fn attempt_key(&self, username: &str, device: Option<&str>) -> ([u8; 32], Lane) {
        let known = device
            .and_then(|token| hex::decode(token).ok())
            .filter(|bytes| bytes.len() == 32)
            .filter(|bytes| {
                random::constant_time_eq(&self.device_tag(username, &bytes[..16]), &bytes[16..])
            });
        match known {
            Some(bytes) => (
                random::sha256(&[
                    b"refuge login throttle device v1",
                    username.trim().to_lowercase().as_bytes(),
                    &bytes[..16],
                ]),
                Lane::Staff,
            ),
            None => (username_throttle_key(username), Lane::Anonymous),
        }
    }

    async fn build_account(
        &self,
        account: &NewAccount,
        id: StaffId,
        lane: Lane,
    ) -> Result<StaffRecord, AppError> {
        staff::check_username(&account.username)?;
        staff::check_new_password(&account.password)?;
        let password = zeroize::Zeroizing::new(account.password.clone());
        let cost = self.settings.password_cost;
        let (public_key, wrapped) = self
            .work
            .kdf(lane, move |memory| {
                let identity = StaffIdentity::generate();
                seal::wrap_with_password(memory, &identity.to_secret_bytes(), &password, cost)
                    .map(|wrapped| (identity.public_key(), wrapped))
            })
            .await?
            .map_err(|e| AppError::Unavailable(format!("wrapping key: {e}")))?;
        Ok(StaffRecord {
            id,
            username: account.username.clone(),
            role: account.role,
            public_key,
            wrapped_identity: wrapped,
            receives_reports: account.role.may(Permission::ReceiveReports),
            disabled: false,
            created_at: self.now(),
        })
    }

    fn staff_added_audit(&self, actor: Option<StaffId>, record: &StaffRecord) -> AuditEntry {
        AuditEntry {
            at: self.now(),
            actor,
            action: AuditAction::StaffAdded,
            report: None,
            // Adding someone who receives reports changes the intake recipient list: say so.
            subject: format!(
                "{} role={} intake_recipient={}",
                record.username,
                record.role.code(),
                record.receives_reports
            ),
        }
    }

    /// Adds a staff account. `actor` is the administrator, or `None` for the command line (which
    /// only the server's operator can run). Sent with the token of the page's form (`once`),
    /// sending that form again adds nothing and answers with the account it added.
    pub async fn add_staff(
        &self,
        actor: Option<&StaffSession>,
        account: &NewAccount,
        once: Option<&FormToken>,
    ) -> Result<StaffRecord, AppError> {
        if let Some(session) = actor {
            session.require(Permission::ManageStaff)?;
        }
        let id = StaffId::from_bytes(match once {
            Some(token) => self.form_id(FormPurpose::NewAccount, b"", token, 0),
            None => random::bytes::<16>(),
        });
        if once.is_some()
            && let Some(existing) = self.store.staff_by_id(id).await?
        {
            return Ok(existing);
        }
        let record = self.build_account(account, id, Lane::Staff).await?;
        let audit = self.staff_added_audit(actor.map(|s| s.staff.id), &record);
        match self.store.insert_staff(&record, &audit).await {
            Ok(()) => Ok(record),
            // Sent twice at once: the other one was stored first.
            Err(StoreError::Conflict) if once.is_some() => {
                self.store.staff_by_id(id).await?.ok_or(AppError::Conflict)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Offboarding, and undoing it.
    ///
    /// Disabling: the account's sessions end at once, it no longer receives new reports, and it
    /// cannot sign in. Reports it could already read stay sealed to its key (nothing can recall
    /// what was decrypted); re-sealing drops it. An administrator cannot disable themselves, so
    /// there is always someone left to manage staff.
    ///
    /// Enabling: the account can sign in again and, if its role receives reports, reports sent
    /// from now on are sealed to it again. Reports that arrived meanwhile were not; a colleague
    /// who holds them can share them (the page says so).
    pub async fn change_account(
        &self,
        session: &StaffSession,
        id: StaffId,
        change: AccountChange,
    ) -> Result<StaffRecord, AppError> {
        session.require(Permission::ManageStaff)?;
        if change == AccountChange::Disable && id == session.staff.id {
            return Err(AppError::Forbidden);
        }
        let record = self
            .store
            .staff_by_id(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (action, subject) = match change {
            AccountChange::Disable => (
                AuditAction::StaffDisabled,
                format!("{} intake_recipient=false sessions=ended", record.username),
            ),
            AccountChange::Enable => (
                AuditAction::StaffEnabled,
                format!(
                    "{} intake_recipient={}",
                    record.username, record.receives_reports
                ),
            ),
        };
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action,
            report: None,
            subject,
        };
        match change {
            AccountChange::Disable => self.store.disable_staff(id, &audit).await?,
            AccountChange::Enable => self.store.enable_staff(id, &audit).await?,
        }
        Ok(record)
    }

    /// A staff account, for an administrator (the confirmation page before disabling it).
    pub async fn staff_member(
        &self,
        session: &StaffSession,
        id: StaffId,
    ) -> Result<StaffRecord, AppError> {
        session.require(Permission::ManageStaff)?;
        self.store.staff_by_id(id).await?.ok_or(AppError::NotFound)
    }

    /// Re-wraps the signed-in member's key under a new password. The old password must open it.
    pub async fn change_password(
        &self,
        session: &StaffSession,
        current: &str,
        new: &str,
    ) -> Result<(), AppError> {
        staff::check_new_password(new)?;
        let wrapped = session.staff.wrapped_identity.clone();
        let (current, new) = (
            zeroize::Zeroizing::new(current.to_owned()),
            zeroize::Zeroizing::new(new.to_owned()),
        );
        let cost = self.settings.password_cost;
        let rewrapped = self
            .work
            .kdf(Lane::Staff, move |memory| {
                let secret = seal::unwrap_with_password(memory, &wrapped, &current).ok()?;
                seal::wrap_with_password(memory, &secret, &new, cost).ok()
            })
            .await?
            .ok_or(AppError::InvalidCredentials)?;
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action: AuditAction::PasswordChanged,
            report: None,
            subject: format!("{} other_sessions=ended", session.staff.username),
        };
        self.store
            .update_wrapped_identity(session.staff.id, &rewrapped, &session.id_hash, &audit)
            .await?;
        Ok(())
    }

    pub async fn list_staff(&self, session: &StaffSession) -> Result<Vec<StaffRecord>, AppError> {
        session.require(Permission::ListStaff)?;
        Ok(self.store.list_staff().await?)
    }

    pub async fn needs_setup(&self) -> Result<bool, AppError> {
        Ok(self.store.count_staff().await? == 0)
    }

    /// Invites a colleague (security review M7): the one-time link (returned once, stored as a
    /// hash) with which they choose their own password. No administrator knows it, so none can
    /// sign in as them. `Conflict` if the username has an account or another pending
    /// invitation.
    pub async fn invite_staff(
        &self,
        session: &StaffSession,
        username: &str,
        role: Role,
        once: Option<&FormToken>,
    ) -> Result<String, AppError> {
        session.require(Permission::ManageStaff)?;
        let username = username.trim();
        staff::check_username(username)?;
        // Sent with the page's form token, the link is derived from it (a MAC under the
        // instance's form key): the same form sent twice gives the same link, not a refusal.
        let token = match once {
            Some(form) => {
                hex::encode(self.form_id(FormPurpose::Invitation, username.as_bytes(), form, 0))
            }
            None => hex::encode(random::bytes::<24>()),
        };
        let now = self.now();
        let invitation = Invitation {
            username: username.to_owned(),
            role,
            invited_by: session.staff.id,
            expires_at: now + INVITATION_LIFETIME_SECONDS,
        };
        let audit = AuditEntry {
            at: now,
            actor: Some(session.staff.id),
            action: AuditAction::StaffInvited,
            report: None,
            subject: format!(
                "{username} role={} intake_recipient={}",
                role.code(),
                role.may(Permission::ReceiveReports)
            ),
        };
        match self
            .store
            .insert_invitation(&invitation_hash(&token), &invitation, now, &audit)
            .await
        {
            Ok(()) => Ok(token),
            Err(StoreError::Conflict)
                if once.is_some()
                    && self
                        .store
                        .invitation(&invitation_hash(&token), now)
                        .await?
                        .is_some_and(|pending| pending.username == username) =>
            {
                Ok(token)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The invitation a link opens, if it is still waiting (nothing costly before this).
    pub async fn invitation(&self, token: &str) -> Result<Option<Invitation>, AppError> {
        Ok(self
            .store
            .invitation(&invitation_hash(token), self.now())
            .await?)
    }

    /// Invitations not used yet, for administrators.
    pub async fn pending_invitations(
        &self,
        session: &StaffSession,
    ) -> Result<Vec<Invitation>, AppError> {
        session.require(Permission::ManageStaff)?;
        Ok(self.store.pending_invitations(self.now()).await?)
    }

    /// Withdraws a pending invitation: its link stops working at once.
    pub async fn withdraw_invitation(
        &self,
        session: &StaffSession,
        username: &str,
    ) -> Result<(), AppError> {
        session.require(Permission::ManageStaff)?;
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action: AuditAction::InvitationWithdrawn,
            report: None,
            subject: username.to_owned(),
        };
        Ok(self.store.withdraw_invitation(username, &audit).await?)
    }

    /// Uses an invitation: creates the account with the password its owner chose, and signs
    /// them in. `NotFound` if the link is used, withdrawn or expired.
    pub async fn accept_invitation(
        &self,
        token: &str,
        password: &str,
    ) -> Result<NewSession, AppError> {
        let Some(invitation) = self.invitation(token).await? else {
            return Err(AppError::NotFound);
        };
        staff::check_new_password(password)?;
        let record = self
            .build_account(
                &NewAccount {
                    username: invitation.username.clone(),
                    password: password.into(),
                    role: invitation.role,
                },
                StaffId::from_bytes(random::bytes::<16>()),
                Lane::Anonymous,
            )
            .await?;
        let mut audit = self.staff_added_audit(Some(invitation.invited_by), &record);
        audit.action = AuditAction::InvitationAccepted;
        self.store
            .accept_invitation(&invitation_hash(token), self.now(), &record, &audit)
            .await?;
        self.log_in(&invitation.username, password, None, None)
            .await
    }

    /// Creates a one-time setup token (returned once, stored as a hash) if no staff exist yet.
    pub async fn issue_setup_token(&self) -> Result<Option<String>, AppError> {
        if !self.needs_setup().await? {
            return Ok(None);
        }
        let token = hex::encode(random::bytes::<24>());
        self.store
            .insert_setup_token(
                &random::sha256(&[b"refuge setup v1", token.as_bytes()]),
                self.now() + SETUP_TOKEN_LIFETIME_SECONDS,
            )
            .await?;
        Ok(Some(token))
    }

    /// Whether `token` is a setup link still waiting to be used (nothing costly is done before
    /// this is known, so a flood of bogus setup requests costs no key derivation).
    pub async fn setup_link_is_open(&self, token: &str) -> Result<bool, AppError> {
        let token_hash = random::sha256(&[b"refuge setup v1", token.as_bytes()]);
        Ok(self.needs_setup().await?
            && self
                .store
                .setup_token_valid(&token_hash, self.now())
                .await?)
    }

    /// Creates the first administrator with a setup token, makes the organisation's recovery
    /// key (its identity to be shown this once), and signs them in.
    pub async fn complete_setup(
        &self,
        token: &str,
        username: &str,
        password: &str,
    ) -> Result<SetUp, AppError> {
        if !self.setup_link_is_open(token).await? {
            return Err(AppError::NotFound);
        }
        let record = self
            .build_account(
                &NewAccount {
                    username: username.into(),
                    password: password.into(),
                    role: Role::Admin,
                },
                StaffId::from_bytes(random::bytes::<16>()),
                Lane::Anonymous,
            )
            .await?;
        let mut audit = self.staff_added_audit(None, &record);
        audit.action = AuditAction::FirstAdminCreated;
        let token_hash = random::sha256(&[b"refuge setup v1", token.as_bytes()]);
        self.store
            .complete_setup(&token_hash, self.now(), &record, &audit)
            .await?;
        let recovery = self.new_recovery_key(None).await?;
        Ok(SetUp {
            session: self.log_in(username, password, None, None).await?,
            recovery,
        })
    }

    /// Counts a sign-in attempt for `username` from this browser (`device`) before anything is
    /// checked: the throttle key it counted on, or `Throttled`.
    pub(crate) async fn reserve_sign_in_attempt(
        &self,
        username: &str,
        device: Option<&str>,
    ) -> Result<[u8; 32], AppError> {
        let (throttle_key, _) = self.attempt_key(username, device);
        self.reserve_attempt(&throttle_key, self.now()).await?;
        Ok(throttle_key)
    }

    /// Checks a password: the account and its unwrapped identity, and the throttle key the
    /// attempt counted on (cleared only once the whole sign-in succeeds). Unknown and known
    /// usernames take the same path and the same time; repeated failures slow down that
    /// username only — and not on a browser that signed in as it before (`device`, the token a
    /// previous sign-in gave it).
    async fn check_password(
        &self,
        username: &str,
        password: &str,
        device: Option<&str>,
    ) -> Result<(StaffRecord, zeroize::Zeroizing<Vec<u8>>, [u8; 32]), AppError> {
        let now = self.now();
        let (throttle_key, lane) = self.attempt_key(username, device);
        self.reserve_attempt(&throttle_key, now).await?;
        if password.len() > staff::PASSWORD_MAX_BYTES {
            return Err(AppError::InvalidCredentials);
        }

        let account = self
            .store
            .staff_by_username(username.trim())
            .await?
            .filter(|s| !s.disabled);
        let password = zeroize::Zeroizing::new(password.to_owned());
        let cost = self.settings.password_cost;
        let wrapped = account.as_ref().map(|s| s.wrapped_identity.clone());
        let unwrapped = self
            .work
            .kdf(lane, move |memory| match wrapped {
                Some(wrapped) => {
                    let secret = seal::unwrap_with_password(memory, &wrapped, &password).ok()?;
                    // Wrapped at another cost than today's (the setting changed since): wrapped
                    // again now, while the password is at hand (security review I7). Accounts
                    // then all cost what an unknown username costs, so timing cannot tell a
                    // real account from a made-up one.
                    let rewrapped = (seal::password_wrap_cost(&wrapped) != Some(cost))
                        .then(|| seal::wrap_with_password(memory, &secret, &password, cost).ok())
                        .flatten()
                        .map(|new| (wrapped, new));
                    Some((secret, rewrapped))
                }
                None => {
                    // Same work as a real check, so the answer's timing says nothing.
                    let _ =
                        kdf::derive_key(memory, password.as_bytes(), &random::bytes::<16>(), cost);
                    None
                }
            })
            .await?;
        let account_id = account.as_ref().map(|a| a.id);
        let (Some(account), Some((secret, rewrapped))) = (account, unwrapped) else {
            // Already counted by the reservation. On record, naming the account when there is
            // one — never what was typed (a password typed into the username field, say).
            self.store
                .append_audit(&AuditEntry {
                    at: now,
                    actor: account_id,
                    action: AuditAction::LoginFailed,
                    report: None,
                    subject: String::new(),
                })
                .await?;
            return Err(AppError::InvalidCredentials);
        };
        if let Some((old, new)) = rewrapped {
            // A password changed meanwhile wins; either way the sign-in goes on.
            self.store.rewrap_identity(account.id, &old, &new).await?;
        }
        Ok((account, secret, throttle_key))
    }

    /// Signs in with a password, and with the second factor's code in the same request when the
    /// account has one (the API): `SecondFactorRequired` without it, `SecondFactorInvalid` for
    /// a wrong or used one.
    pub async fn log_in(
        &self,
        username: &str,
        password: &str,
        device: Option<&str>,
        second_factor: Option<&str>,
    ) -> Result<NewSession, AppError> {
        let (account, secret, throttle_key) =
            self.check_password(username, password, device).await?;
        let subject = match self.confirmed_factor(account.id).await? {
            Some(stored) => {
                match self
                    .second_factor_at_sign_in(&account, &secret, &stored, second_factor)
                    .await
                {
                    Ok(subject) => subject,
                    Err(error @ (AppError::SecondFactorInvalid | AppError::SecondFactorLocked)) => {
                        self.second_factor_failed(&account).await?;
                        return Err(error);
                    }
                    Err(other) => return Err(other),
                }
            }
            None => account.username.clone(),
        };
        self.store.clear_login_failures(&throttle_key).await?;
        self.open_session(account, &secret, subject).await
    }

    /// The web's sign-in: a session, or — for an account with a second factor — a challenge
    /// that the code page completes (`complete_sign_in`).
    pub async fn begin_sign_in(
        &self,
        username: &str,
        password: &str,
        device: Option<&str>,
    ) -> Result<crate::two_factor::SignIn, AppError> {
        let (account, secret, throttle_key) =
            self.check_password(username, password, device).await?;
        if self.confirmed_factor(account.id).await?.is_some() {
            // The failures stay counted until the code is right too.
            let challenge = self.open_factor_challenge(&account, &secret).await?;
            return Ok(crate::two_factor::SignIn::SecondFactor { challenge });
        }
        self.store.clear_login_failures(&throttle_key).await?;
        let subject = account.username.clone();
        Ok(crate::two_factor::SignIn::Session(
            self.open_session(account, &secret, subject).await?,
        ))
    }

    pub(crate) async fn second_factor_failed(&self, account: &StaffRecord) -> Result<(), AppError> {
        self.store
            .append_audit(&AuditEntry {
                at: self.now(),
                actor: Some(account.id),
                action: AuditAction::LoginFailed,
                report: None,
                subject: "second_factor".into(),
            })
            .await?;
        Ok(())
    }

    /// A new session for an account whose sign-in succeeded, with its audit row.
    async fn open_session(
        &self,
        account: StaffRecord,
        secret: &[u8],
        subject: String,
    ) -> Result<NewSession, AppError> {
        let opening = self.session_opening(&account, secret, subject);
        self.store
            .insert_session(&opening.id_hash(), &opening.record, &opening.audit)
            .await?;
        Ok(self.new_session(&opening, account))
    }

    /// The row and audit row of a session about to open, and its key. A new session id at
    /// every sign-in: nothing from before survives (no fixation).
    pub(crate) fn session_opening(
        &self,
        account: &StaffRecord,
        secret: &[u8],
        subject: String,
    ) -> SessionOpening {
        let now = self.now();
        let id = random::bytes::<16>();
        let key = zeroize::Zeroizing::new(random::bytes::<32>());
        SessionOpening {
            record: SessionRecord {
                staff_id: account.id,
                sealed_identity: seal::seal(&key, secret, SESSION_IDENTITY_CONTEXT),
                created_at: now,
                last_seen_at: now,
            },
            audit: AuditEntry {
                at: now,
                actor: Some(account.id),
                action: AuditAction::Login,
                report: None,
                subject,
            },
            id,
            key,
        }
    }

    /// What the client keeps of a session just opened.
    pub(crate) fn new_session(&self, opening: &SessionOpening, account: StaffRecord) -> NewSession {
        let mut token = opening.id.to_vec();
        token.extend_from_slice(opening.key.as_ref());
        NewSession {
            token: hex::encode(&token),
            device_token: self.known_device_token(&account.username),
            staff: account,
        }
    }

    /// The signed-in member's open sessions (security review L1/M7), this one marked: a
    /// browser left signed in elsewhere, or a stolen cookie, shows here and can be ended.
    pub async fn my_sessions(&self, session: &StaffSession) -> Result<Vec<SessionView>, AppError> {
        let now = self.now();
        Ok(self
            .store
            .sessions_of(session.staff.id)
            .await?
            .into_iter()
            // Sessions past their limits are dead already (the purge removes them).
            .filter(|open| {
                now - open.last_seen_at <= self.settings.session_idle_seconds
                    && now - open.created_at <= self.settings.session_absolute_seconds
            })
            .map(|open| SessionView {
                handle: session_handle(&open.id_hash),
                began: open.created_at,
                last_seen: open.last_seen_at,
                current: open.id_hash.as_slice() == session.id_hash.as_slice(),
            })
            .collect())
    }

    /// Ends another of the member's sessions, named by its handle. Their current one ends by
    /// signing out. `NotFound` for a handle that is not one of theirs.
    pub async fn end_my_session(
        &self,
        session: &StaffSession,
        handle: &str,
    ) -> Result<(), AppError> {
        let target = self
            .store
            .sessions_of(session.staff.id)
            .await?
            .into_iter()
            .map(|open| open.id_hash)
            .find(|id_hash| {
                session_handle(id_hash) == handle
                    && id_hash.as_slice() != session.id_hash.as_slice()
            })
            .ok_or(AppError::NotFound)?;
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action: AuditAction::SessionEnded,
            report: None,
            subject: format!("{} session={handle}", session.staff.username),
        };
        Ok(self
            .store
            .end_session_of(session.staff.id, &target, &audit)
            .await?)
    }

    /// Who new reports are sealed to, and every change to that list with who made it and when
    /// (security review M7): shown to every recipient, so a colleague added by a phished
    /// administrator does not go unseen.
    pub async fn intake_recipients_view(
        &self,
        session: &StaffSession,
    ) -> Result<IntakeRecipients, AppError> {
        // Every member may see who can read new reports (researchers included).
        let _ = session;
        let staff = self.store.list_staff().await?;
        let name = |id: StaffId| {
            staff
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.username.clone())
        };
        let actions: Vec<AuditAction> = AuditAction::ALL
            .iter()
            .copied()
            .filter(|a| a.changes_intake_recipients())
            .collect();
        let changes = self
            .store
            .audit_entries(&actions, RECIPIENT_HISTORY_MAX)
            .await?
            .into_iter()
            .map(|entry| RecipientChange {
                at: entry.at,
                action: entry.action,
                // Account entries begin with the username; the rest are codes of ours.
                username: entry
                    .subject
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_owned(),
                receives_reports: !entry.subject.contains("intake_recipient=false"),
                by: entry.actor.and_then(name),
            })
            .collect();
        Ok(IntakeRecipients {
            current: self.store.intake_recipients().await?,
            changes,
        })
    }
}

impl Refuge {
    /// The day of the latest change to who receives new reports, if it was within the last
    /// fortnight: the inbox says so to every recipient.
    pub async fn recipients_changed_recently(
        &self,
        session: &StaffSession,
    ) -> Result<Option<refuge_domain::Day>, AppError> {
        if !session.may(Permission::ReceiveReports) {
            return Ok(None);
        }
        let actions: Vec<AuditAction> = AuditAction::ALL
            .iter()
            .copied()
            .filter(|a| a.changes_intake_recipients())
            .collect();
        let latest = self.store.audit_entries(&actions, 1).await?;
        let now = self.now();
        Ok(latest
            .first()
            .filter(|entry| now - entry.at <= RECIPIENT_CHANGE_NOTICE_SECONDS)
            .map(|entry| refuge_domain::Day::from_unix_seconds(entry.at)))
    }

    /// A colleague's username, by id (for pages that name who did something).
    pub async fn staff_name(&self, id: StaffId) -> Result<Option<String>, AppError> {
        Ok(self.store.staff_by_id(id).await?.map(|s| s.username))
    }
}

/// How long the inbox mentions a change to the recipient list.
const RECIPIENT_CHANGE_NOTICE_SECONDS: i64 = 14 * 86_400;

/// Changes to the recipient list shown at most.
const RECIPIENT_HISTORY_MAX: u32 = 500;

/// One open session of the signed-in member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    /// Names the session in a form; not a secret (a hash of a hash of its id).
    pub handle: String,
    pub began: i64,
    pub last_seen: i64,
    pub current: bool,
}

fn session_handle(id_hash: &[u8]) -> String {
    hex::encode(&random::sha256(&[b"refuge session handle v1", id_hash])[..8])
}

/// Who receives new reports, and how that list changed.
pub struct IntakeRecipients {
    pub current: Vec<StaffRecord>,
    pub changes: Vec<RecipientChange>,
}

/// A change to the recipient list, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientChange {
    /// When (seconds): a staff action, not a reporter's.
    pub at: i64,
    pub action: AuditAction,
    pub username: String,
    /// Whether the account concerned receives reports (a researcher invited does not).
    pub receives_reports: bool,
    /// Who did it (none for the command line or the first set-up).
    pub by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::throttle_delay;

    #[test]
    fn delays_start_after_five_failures_and_are_capped() {
        assert_eq!(throttle_delay(4), 0);
        assert_eq!(throttle_delay(5), 60);
        assert_eq!(throttle_delay(6), 120);
        assert_eq!(throttle_delay(50), 900);
    }
}
