//! One call to an AWS service over its JSON protocol: a POST signed with SigV4 (`aws-sigv4`),
//! and what came back: the entries' results, or one outcome for the whole call (a network
//! error, a throttled or refused call). AWS error codes are told apart here: throttling,
//! service-side and KMS errors are retried, a missing bus or queue or an invalid entry fails
//! for good.

use std::time::{Duration, Instant, SystemTime};

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_smithy_runtime_api::client::identity::Identity;
use serde_json::Value;

use super::credentials::Credentials;
use crate::sink::{cut_response, Outcome, Verdict};

/// What to call: the service's signing name, its endpoint and the operation.
pub struct Call<'a> {
    pub service: &'static str,
    pub region: &'a str,
    pub endpoint: &'a str,
    /// `X-Amz-Target`: `AWSEvents.PutEvents`, `AmazonSQS.SendMessageBatch`.
    pub target: &'static str,
    /// `application/x-amz-json-1.1` (EventBridge) or `-1.0` (SQS).
    pub content_type: &'static str,
}

/// A call that was answered with success: its status, body and duration.
pub struct Answered {
    pub status: u16,
    pub body: Value,
    pub duration_ms: u64,
}

/// Sends `body`; `Err` is the outcome of every entry of a call that failed as a whole.
pub async fn send(client: &reqwest::Client, timeout: Duration, credentials: &Credentials, call: &Call<'_>, body: Vec<u8>) -> Result<Answered, Outcome> {
    let started = Instant::now();
    let elapsed = || started.elapsed().as_millis() as u64;
    let headers = sign_headers(credentials, call, &body)
        .map_err(|e| Outcome::failed(Verdict::Retry { retry_after: None }, "E_AWS_SIGNING", e, elapsed()))?;
    let mut request = client
        .post(call.endpoint)
        .timeout(timeout)
        .header("content-type", call.content_type)
        .header("x-amz-target", call.target);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = match request.body(body).send().await {
        Ok(response) => response,
        Err(e) => {
            let code = if e.is_timeout() { "E_TIMEOUT" } else { "E_CONNECTION" };
            return Err(Outcome::failed(Verdict::Retry { retry_after: None }, code, format!("{}: {e}", call.target), elapsed()));
        }
    };
    let status = response.status().as_u16();
    let query_error = response.headers().get("x-amzn-query-error").and_then(|v| v.to_str().ok()).map(str::to_string);
    let text = response.text().await.unwrap_or_default();
    if (200..300).contains(&status) {
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        return Ok(Answered { status, body, duration_ms: elapsed() });
    }
    let code = error_code(&text, query_error.as_deref());
    let verdict = if status >= 500 || retryable(&code) { Verdict::Retry { retry_after: None } } else { Verdict::Fail };
    let mut outcome = Outcome::failed(verdict, "E_AWS", cut_response(format!("{code}: {text}")), elapsed());
    outcome.http_status = Some(status);
    Err(outcome)
}

/// The SigV4 headers (`authorization`, `x-amz-date`, `x-amz-security-token`) for the call.
fn sign_headers(credentials: &Credentials, call: &Call<'_>, body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let identity: Identity = aws_credential_types::Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.expose().to_string(),
        credentials.session_token.as_ref().map(|t| t.expose().to_string()),
        None,
        "async-events",
    )
    .into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(call.region)
        .name(call.service)
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("cannot sign the request: {e}"))?
        .into();
    let signed = [("content-type", call.content_type), ("x-amz-target", call.target)];
    let request = SignableRequest::new("POST", call.endpoint, signed.into_iter(), SignableBody::Bytes(body))
        .map_err(|e| format!("cannot sign the request: {e}"))?;
    let (instructions, _) = sign(request, &params).map_err(|e| format!("cannot sign the request: {e}"))?.into_parts();
    Ok(instructions.headers().map(|(name, value)| (name.to_string(), value.to_string())).collect())
}

/// The AWS error code of a failed call: the JSON `__type` (after its `#`), or SQS's
/// `x-amzn-query-error` header (`AWS.SimpleQueueService.NonExistentQueue;Sender`).
fn error_code(body: &str, query_error: Option<&str>) -> String {
    if let Some(code) = query_error.and_then(|h| h.split(';').next()).filter(|c| !c.is_empty()) {
        return code.to_string();
    }
    let parsed: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let code = parsed.get("__type").or_else(|| parsed.get("code")).and_then(Value::as_str).unwrap_or("UnknownError");
    code.rsplit('#').next().unwrap_or(code).to_string()
}

/// Whether an AWS error code (of a call or of one entry) is worth retrying: throttling,
/// failures on AWS's side, KMS errors (a key throttled or briefly unavailable), and
/// credentials that may be fixed meanwhile.
pub fn retryable(code: &str) -> bool {
    const RETRYABLE: [&str; 19] = [
        "InternalFailure",
        "InternalError",
        "InternalServerError",
        "ServiceUnavailable",
        "ThrottlingException",
        "Throttling",
        "RequestThrottled",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ProvisionedThroughputExceededException",
        "SlowDown",
        "RequestTimeout",
        "RequestTimeoutException",
        "ExpiredToken",
        "ExpiredTokenException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "AccessDeniedException",
        "InvalidClientTokenId",
    ];
    RETRYABLE.contains(&code) || code.starts_with("KMS") || code.starts_with("Kms")
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_read_from_the_body_or_the_query_header() {
        assert_eq!(error_code(r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no"}"#, None), "QueueDoesNotExist");
        assert_eq!(error_code(r#"{"__type":"ResourceNotFoundException","Message":"Event bus x does not exist."}"#, None), "ResourceNotFoundException");
        assert_eq!(error_code("", Some("AWS.SimpleQueueService.NonExistentQueue;Sender")), "AWS.SimpleQueueService.NonExistentQueue");
        assert_eq!(error_code("<html>", None), "UnknownError");
    }

    #[test]
    fn throttling_service_and_kms_errors_are_retried_missing_destinations_are_not() {
        for code in ["ThrottlingException", "InternalFailure", "RequestThrottled", "KMS.ThrottlingException", "KmsThrottled"] {
            assert!(retryable(code), "{code}");
        }
        for code in ["ResourceNotFoundException", "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "ValidationException"] {
            assert!(!retryable(code), "{code}");
        }
    }

    #[test]
    fn a_signed_call_carries_sigv4_headers() {
        let credentials = Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: crate::secret::Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            session_token: Some(crate::secret::Secret::new("session")),
        };
        let call = Call {
            service: "events",
            region: "eu-west-1",
            endpoint: "https://events.eu-west-1.amazonaws.com/",
            target: "AWSEvents.PutEvents",
            content_type: "application/x-amz-json-1.1",
        };
        let headers = sign_headers(&credentials, &call, b"{}").unwrap();
        let get = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        let authorization = get("authorization").expect("an authorization header");
        assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "{authorization}");
        assert!(authorization.contains("/eu-west-1/events/aws4_request"), "{authorization}");
        assert!(authorization.contains("x-amz-target"), "the target is signed: {authorization}");
        assert!(get("x-amz-date").is_some());
        assert_eq!(get("x-amz-security-token"), Some("session"));
    }
}
