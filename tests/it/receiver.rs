//! A real webhook receiver: an axum server on 127.0.0.1 (port 0) that records every request
//! (path, headers, body, arrival and completion time) and answers as it is programmed per path.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;
use tokio::task::JoinHandle;

/// One answer of the receiver.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    /// How long to wait before answering.
    pub delay: Duration,
    pub retry_after: Option<String>,
    /// The body; `answered <status>` when not set.
    pub body: Option<String>,
}

impl Reply {
    pub fn ok() -> Self {
        Self::status(200)
    }

    pub fn status(status: u16) -> Self {
        Self { status, delay: Duration::ZERO, retry_after: None, body: None }
    }

    /// Never answers within any test's lifetime.
    pub fn hang() -> Self {
        Self::ok().after(Duration::from_secs(3600))
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn retry_after(mut self, value: &str) -> Self {
        self.retry_after = Some(value.to_string());
        self
    }

    pub fn body(mut self, body: &str) -> Self {
        self.body = Some(body.to_string());
        self
    }
}

/// What a path answers: the replies in `first`, one per request, then `then` for ever.
#[derive(Debug, Clone)]
pub struct Script {
    first: Vec<Reply>,
    then: Reply,
}

impl Script {
    pub fn always(reply: Reply) -> Self {
        Self { first: Vec::new(), then: reply }
    }

    /// `reply` for the first `n` requests, 200 afterwards.
    pub fn first(n: usize, reply: Reply) -> Self {
        Self { first: vec![reply; n], then: Reply::ok() }
    }

    /// What comes after the first replies.
    pub fn then(mut self, reply: Reply) -> Self {
        self.then = reply;
        self
    }
}

/// One request as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub arrived: Instant,
    /// When the answer left, and its status; `None` while (or if for ever) pending.
    pub finished: Option<Instant>,
    pub status: Option<u16>,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("request to {} has no header {name}: {:?}", self.path, self.headers))
            .to_str()
            .expect("header is ASCII")
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("body is JSON")
    }

    /// The CloudEvent id, which is the event uuid.
    pub fn event_id(&self) -> String {
        self.json()["id"].as_str().expect("CloudEvent id").to_string()
    }

    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

#[derive(Default)]
struct Inner {
    log: Mutex<Vec<Received>>,
    /// Script of each path and how many requests it has served since it was set.
    scripts: Mutex<HashMap<String, (Script, usize)>>,
}

/// The request log and programming of a receiver; cheap to clone, usable from any thread.
#[derive(Clone, Default)]
pub struct RequestLog(Arc<Inner>);

impl RequestLog {
    /// Sets what `path` answers from now on (paths without a script answer 200).
    pub fn program(&self, path: &str, script: Script) {
        self.0.scripts.lock().unwrap().insert(path.to_string(), (script, 0));
    }

    pub fn requests(&self, path: &str) -> Vec<Received> {
        self.all().into_iter().filter(|r| r.path == path).collect()
    }

    pub fn all(&self) -> Vec<Received> {
        self.0.log.lock().unwrap().clone()
    }

    pub fn count(&self, path: &str) -> usize {
        self.0.log.lock().unwrap().iter().filter(|r| r.path == path).count()
    }

    pub fn total(&self) -> usize {
        self.0.log.lock().unwrap().len()
    }

    /// Waits (asynchronously) until `path` has received at least `n` requests.
    pub async fn wait_for(&self, path: &str, n: usize, limit: Duration) {
        let deadline = Instant::now() + limit;
        while self.count(path) < n {
            assert!(Instant::now() < deadline, "{path} received {} requests, expected {n} within {limit:?}", self.count(path));
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn next_reply(&self, path: &str) -> Reply {
        let mut scripts = self.0.scripts.lock().unwrap();
        match scripts.get_mut(path) {
            Some((script, served)) => {
                let reply = script.first.get(*served).cloned().unwrap_or_else(|| script.then.clone());
                *served += 1;
                reply
            }
            None => Reply::ok(),
        }
    }
}

/// A running receiver; the server stops when it is dropped.
pub struct Receiver {
    log: RequestLog,
    addr: std::net::SocketAddr,
    server: JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Self {
        let log = RequestLog::default();
        let app = Router::new().fallback(handle).with_state(log.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a receiver");
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("receiver runs");
        });
        Self { log, addr, server }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn log(&self) -> RequestLog {
        self.log.clone()
    }
}

impl Deref for Receiver {
    type Target = RequestLog;

    fn deref(&self) -> &RequestLog {
        &self.log
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn handle(State(log): State<RequestLog>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path().to_string();
    let reply = log.next_reply(&path);
    let index = {
        let mut entries = log.0.log.lock().unwrap();
        entries.push(Received { path, headers, body, arrived: Instant::now(), finished: None, status: None });
        entries.len() - 1
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    {
        let mut entries = log.0.log.lock().unwrap();
        entries[index].finished = Some(Instant::now());
        entries[index].status = Some(reply.status);
    }
    let status = StatusCode::from_u16(reply.status).expect("a valid status");
    let body = reply.body.unwrap_or_else(|| format!("answered {}", reply.status));
    let mut response = (status, body).into_response();
    if let Some(value) = reply.retry_after {
        response.headers_mut().insert("retry-after", value.parse().unwrap());
    }
    response
}

/// A local port nothing listens on (bound, then released).
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/nobody-home")
}
